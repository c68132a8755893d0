import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { db, prisma } from "../db";
import { NotFoundError, UserError } from "../errors";
import { userTurnPreview } from "../prompts/preview-sql";

// The pairs on a run's page, a page at a time by keyset: a labeling run's comparisons (its items, in
// comparison order through the (runId, comparisonId) index) with each one's verdict so far; a
// sampling run's prompts (in prompt order through (runId, promptId)) with the samples and the pair
// they made. Failed items come with their error, so the same table lists what to retry.

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

export const RUN_PAIRS_PAGE_SIZE = 50;
const PREVIEW_CHARS = 160;

export const runPairsQuerySchema = z.object({
  status: optional(z.enum(["PENDING", "CLAIMED", "DONE", "FAILED", "CANCELLED"])),
  /** labeling runs: only comparisons whose verdict flipped with the order */
  flipped: optional(z.stringbool()),
  /** keyset cursor: the comparison id (labeling runs) or prompt id (sampling runs) after which to go on */
  after: optional(id),
});
export type RunPairsQuery = z.infer<typeof runPairsQuerySchema>;

type ItemStatus = "PENDING" | "CLAIMED" | "DONE" | "FAILED" | "CANCELLED";

export interface LabelRunPairRow {
  itemId: number;
  comparisonId: number;
  promptId: number;
  preview: string;
  status: ItemStatus;
  attempts: number;
  errorKind: string | null;
  error: string | null;
  /** labels stored so far (principles x orders) */
  labels: number;
  verdict: { pA: number; pAUsed: number; flips: number; spread: number; principles: number } | null;
}

export interface SampleRunPairRow {
  itemId: number;
  promptId: number;
  preview: string;
  status: ItemStatus;
  attempts: number;
  errorKind: string | null;
  error: string | null;
  /** samples stored so far for the prompt */
  samples: number;
  /** the pair the two samples became */
  comparisonId: number | null;
  /** the two samples are the same text: no pair is made of them */
  identical: boolean;
}

export type RunPairsPage = { kind: "LABEL"; rows: LabelRunPairRow[]; nextAfter?: number } | { kind: "SAMPLE"; rows: SampleRunPairRow[]; nextAfter?: number };

export async function listRunPairs(runId: number, query: RunPairsQuery = {}, limit = RUN_PAIRS_PAGE_SIZE): Promise<RunPairsPage> {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { kind: true } });
  if (!run) throw new NotFoundError(`there is no run ${runId}`);
  if (run.kind === "LABEL") return { kind: "LABEL", ...(await labelRunPairs(runId, query, limit)) };
  if (run.kind === "SAMPLE") return { kind: "SAMPLE", ...(await sampleRunPairs(runId, query, limit)) };
  throw new UserError(`run ${runId} is an ${run.kind === "SL_CAI" ? "SL-CAI" : run.kind} run: it makes no pairs; its page lists its chains`);
}

const preview = sql`coalesce(${userTurnPreview(PREVIEW_CHARS)}, '')`;

async function labelRunPairs(runId: number, query: RunPairsQuery, limit: number) {
  const where = [sql`i."runId" = ${runId}`];
  if (query.after !== undefined) where.push(sql`i."comparisonId" > ${query.after}`);
  if (query.status) where.push(sql`i.status = ${query.status}::"RunItemStatus"`);
  if (query.flipped) where.push(sql`v.flips > 0`);
  const { rows } = await sql<LabelRunPairRow>`
    SELECT i.id AS "itemId", i."comparisonId", c."promptId", ${preview} AS preview, i.status::text AS status, i.attempts, i."errorKind", i.error,
           (SELECT count(*)::int FROM "AiLabel" l WHERE l."runId" = i."runId" AND l."comparisonId" = i."comparisonId") AS labels,
           CASE WHEN v.id IS NULL THEN NULL
                ELSE json_build_object('pA', v."pA", 'pAUsed', v."pAUsed", 'flips', v.flips, 'spread', v.spread, 'principles', v.principles) END AS verdict
      FROM "RunItem" i
      JOIN "Comparison" c ON c.id = i."comparisonId"
      JOIN "Prompt" p ON p.id = c."promptId"
      LEFT JOIN "AiVerdict" v ON v."runId" = i."runId" AND v."comparisonId" = i."comparisonId"
     WHERE ${sql.join(where, sql` AND `)}
     ORDER BY i."comparisonId"
     LIMIT ${limit + 1}`.execute(db);
  const page = rows.slice(0, limit);
  return { rows: page, nextAfter: rows.length > limit ? page.at(-1)?.comparisonId : undefined };
}

async function sampleRunPairs(runId: number, query: RunPairsQuery, limit: number) {
  const where = [sql`i."runId" = ${runId}`];
  if (query.after !== undefined) where.push(sql`i."promptId" > ${query.after}`);
  if (query.status) where.push(sql`i.status = ${query.status}::"RunItemStatus"`);
  const { rows } = await sql<SampleRunPairRow>`
    SELECT i.id AS "itemId", i."promptId", ${preview} AS preview, i.status::text AS status, i.attempts, i."errorKind", i.error,
           (SELECT count(*)::int FROM "Response" r WHERE r."runId" = i."runId" AND r."promptId" = i."promptId" AND r.origin = 'SAMPLE') AS samples,
           (SELECT c.id FROM "Comparison" c WHERE c."runId" = i."runId" AND c."promptId" = i."promptId" ORDER BY c.id LIMIT 1) AS "comparisonId",
           (SELECT count(*) = 2 AND count(DISTINCT r.text) = 1 FROM "Response" r
             WHERE r."runId" = i."runId" AND r."promptId" = i."promptId" AND r.origin = 'SAMPLE') AS identical
      FROM "RunItem" i
      JOIN "Prompt" p ON p.id = i."promptId"
     WHERE ${sql.join(where, sql` AND `)}
     ORDER BY i."promptId"
     LIMIT ${limit + 1}`.execute(db);
  const page = rows.slice(0, limit);
  return { rows: page, nextAfter: rows.length > limit ? page.at(-1)?.promptId : undefined };
}
