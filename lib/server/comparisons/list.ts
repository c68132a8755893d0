import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  COMPARISON_PAGE_SIZE,
  type ComparisonListQuery,
  type ComparisonPage,
  type ComparisonRow,
  type VerdictSummary,
} from "@/lib/schemas/comparisons";
import { prisma } from "../db";
import { NotFoundError } from "../errors";

// The comparisons table: filters and keyset pagination by id, newest first (`id < cursor`, or
// `id > cursor` going back), never OFFSET. A run filter means what the run is about: the pairs a
// labeling run judged (its items, through the (runId, comparisonId) index), the pairs a sampling
// run made, or the pairs made from an SL-CAI run's chains.

const PREVIEW_CHARS = 200;

type RunKind = "SL_CAI" | "SAMPLE" | "LABEL" | "SCORE";

export async function listComparisons(query: ComparisonListQuery): Promise<ComparisonPage> {
  const limit = query.limit ?? COMPARISON_PAGE_SIZE;
  const run = query.run === undefined ? undefined : await runKind(query.run);
  const backwards = query.after !== undefined && query.before === undefined;
  const cursor = backwards ? query.after : query.before;
  const where = conditions(query, run);
  if (cursor !== undefined) where.push(backwards ? Prisma.sql`c.id > ${cursor}` : Prisma.sql`c.id < ${cursor}`);
  const ids = await prisma.$queryRaw<{ id: number }[]>`
    SELECT c.id FROM "Comparison" c ${query.dataset !== undefined ? Prisma.sql`JOIN "Prompt" p ON p.id = c."promptId"` : Prisma.empty}
     WHERE ${where.length > 0 ? Prisma.join(where, " AND ") : Prisma.sql`TRUE`}
     ORDER BY c.id ${backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`}
     LIMIT ${limit + 1}`;
  const more = ids.length > limit;
  const rows = await selectRows(ids.slice(0, limit).map((row) => row.id), run?.kind === "LABEL" ? run.id : undefined);
  const first = rows[0]?.id;
  const last = rows.at(-1)?.id;
  return backwards
    ? { rows, prevAfter: more ? first : undefined, nextBefore: last }
    : { rows, nextBefore: more ? last : undefined, prevAfter: query.before !== undefined ? first : undefined };
}

async function runKind(runId: number): Promise<{ id: number; kind: RunKind }> {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { id: true, kind: true } });
  if (!run) throw new NotFoundError(`run: there is no run ${runId}`);
  return run;
}

function conditions(query: ComparisonListQuery, run: { id: number; kind: RunKind } | undefined): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (query.dataset !== undefined) where.push(Prisma.sql`p."datasetId" = ${query.dataset}`);
  if (query.source) where.push(Prisma.sql`c.source = ${query.source}::"ComparisonSource"`);
  if (run?.kind === "LABEL") where.push(Prisma.sql`c.id IN (SELECT i."comparisonId" FROM "RunItem" i WHERE i."runId" = ${run.id})`);
  else if (run?.kind === "SAMPLE") where.push(Prisma.sql`c."runId" = ${run.id}`);
  else if (run) {
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM "Response" r WHERE r.id IN (c."responseAId", c."responseBId") AND r."runId" = ${run.id})`);
  }
  // judged and flipped are about the labeling run filtered on, else about any labeling run
  const verdictRun = run?.kind === "LABEL" ? Prisma.sql` AND v."runId" = ${run.id}` : Prisma.empty;
  if (query.judged === "yes") where.push(Prisma.sql`EXISTS (SELECT 1 FROM "AiVerdict" v WHERE v."comparisonId" = c.id${verdictRun})`);
  if (query.judged === "no") where.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM "AiVerdict" v WHERE v."comparisonId" = c.id${verdictRun})`);
  if (query.flipped) where.push(Prisma.sql`EXISTS (SELECT 1 FROM "AiVerdict" v WHERE v."comparisonId" = c.id AND v.flips > 0${verdictRun})`);
  return where;
}

interface RawRow {
  id: number;
  promptId: number;
  datasetId: number;
  datasetName: string;
  source: ComparisonRow["source"];
  createdAt: Date;
  preview: string | null;
  aId: number;
  aOrigin: ComparisonRow["a"]["origin"];
  aProducer: string | null;
  bId: number;
  bOrigin: ComparisonRow["b"]["origin"];
  bProducer: string | null;
  verdict: VerdictSummary | null;
  verdicts: number;
  humanLabels: number;
}

/** The table's columns for the chosen ids, newest first. */
async function selectRows(ids: number[], labelRunId: number | undefined): Promise<ComparisonRow[]> {
  if (ids.length === 0) return [];
  const verdictRun = labelRunId === undefined ? Prisma.empty : Prisma.sql` AND v."runId" = ${labelRunId}`;
  const rows = await prisma.$queryRaw<RawRow[]>`
    SELECT c.id, c."promptId", p."datasetId", d.name AS "datasetName", c.source::text AS source, c."createdAt",
           (SELECT left(t.turn->>'content', ${PREVIEW_CHARS}::int)
              FROM jsonb_array_elements(p.turns) WITH ORDINALITY AS t(turn, n)
             WHERE t.turn->>'role' = 'user' ORDER BY t.n DESC LIMIT 1) AS preview,
           a.id AS "aId", a.origin::text AS "aOrigin", a.producer AS "aProducer",
           b.id AS "bId", b.origin::text AS "bOrigin", b.producer AS "bProducer",
           (SELECT json_build_object('runId', v."runId", 'pA', v."pA", 'pAUsed', v."pAUsed", 'flips', v.flips, 'spread', v.spread,
                     'principles', v.principles, 'method', v.method, 'chainOfThought', v."chainOfThought")
              FROM "AiVerdict" v WHERE v."comparisonId" = c.id${verdictRun} ORDER BY v.id DESC LIMIT 1) AS verdict,
           (SELECT count(*)::int FROM "AiVerdict" v WHERE v."comparisonId" = c.id) AS verdicts,
           (SELECT count(*)::int FROM "HumanLabel" h WHERE h."comparisonId" = c.id AND h."supersededAt" IS NULL) AS "humanLabels"
      FROM "Comparison" c
      JOIN "Prompt" p ON p.id = c."promptId"
      JOIN "Dataset" d ON d.id = p."datasetId"
      JOIN "Response" a ON a.id = c."responseAId"
      JOIN "Response" b ON b.id = c."responseBId"
     WHERE c.id = ANY(${ids}::int[])
     ORDER BY c.id DESC`;
  return rows.map((row) => ({
    id: row.id,
    promptId: row.promptId,
    preview: row.preview ?? "",
    datasetId: row.datasetId,
    datasetName: row.datasetName,
    source: row.source,
    a: { id: row.aId, origin: row.aOrigin, producer: row.aProducer },
    b: { id: row.bId, origin: row.bOrigin, producer: row.bProducer },
    verdict: row.verdict,
    verdicts: row.verdicts,
    humanLabels: row.humanLabels,
    createdAt: row.createdAt.toISOString(),
  }));
}
