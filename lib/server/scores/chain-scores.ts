import "server-only";
import { sql, type RawBuilder } from "kysely";
import { z } from "zod";
import { pmByRevisionQuerySchema, urlParam as param } from "@/lib/schemas/charts";
import { db } from "../db";

// The scores behind one point of the PM-by-revision chart: the chain answers at one revision number
// (0 = a chain's initial answer, k its k-th revision) with a score of the chart's name and source,
// in the point's group (a step's principle, an SL-CAI run, the run's endpoint), counted as
// lib/server/charts/pm-by-revision.ts counts them: one row per score. Paged by keyset on (chain id,
// score id), newest chain first: the page walks Chain's primary key backwards and probes each
// chain's step and scores by index, so it stops after a page even at the paper's 182,831 chains.
// The count reads every match, so only the first page counts it.

export const CHAIN_SCORE_PAGE_SIZE = 50;
const PREVIEW_CHARS = 300;

export const chainScoresQuerySchema = pmByRevisionQuerySchema.extend({
  /** the series' key under the split: a principle, run or endpoint id, or "initial", "imported", "none" */
  group: param(z.string().trim().max(40)),
  /** 0: the initial answers; k: the k-th revisions; not set: every revision (a principle's, say), initial answers left out */
  revision: param(z.coerce.number().int().min(0).max(10_000)),
  /**
   * only revisions whose revised answer (the previous revision, or the initial answer for the first)
   * has a score of the same name and source: the principle chart's changes, one per such revision
   */
  scoredBefore: param(z.stringbool()),
  /** keyset cursor "chainId-scoreId": the rows after it in (chain, score) order, newest first */
  before: param(z.string().regex(/^\d{1,10}-\d{1,10}$/, "a cursor: chain id-score id")),
});
export type ChainScoresQuery = z.infer<typeof chainScoresQuerySchema>;

export interface ChainScoreRow {
  scoreId: number;
  value: number;
  source: string;
  responseId: number;
  chainId: number;
  promptId: number;
  revision: number;
  principle: string | null;
  /** the start of the answer: model output, shown as text */
  preview: string;
}

export interface ChainScorePage {
  query: ChainScoresQuery;
  rows: ChainScoreRow[];
  /** scores behind the point, the chart's n: counted on the first page only */
  total?: number;
  nextBefore?: string;
}

export async function chainScores(query: ChainScoresQuery): Promise<ChainScorePage> {
  const source = query.source ?? null;
  const initial = query.revision === 0;
  const where: RawBuilder<unknown>[] = [sql`s.name = ${query.score}`, sql`(${source}::text IS NULL OR s.source = ${source}::"ScoreSource")`];
  if (!initial && query.revision !== undefined) where.push(sql`st.index = ${query.revision}`);
  if (query.scoredBefore) {
    if (initial) return { query, rows: [], total: 0 };
    where.push(sql`EXISTS (SELECT 1 FROM "Score" ps WHERE ps.name = s.name AND ps.source = s.source AND ps."responseId" =
      CASE WHEN st.index = 1 THEN c."initialResponseId" ELSE (SELECT prev."revisionId" FROM "ChainStep" prev WHERE prev."chainId" = st."chainId" AND prev.index = st.index - 1) END)`);
  }
  if (query.dataset !== undefined) where.push(sql`p."datasetId" = ${query.dataset}`);
  if (query.run !== undefined) where.push(sql`c."runId" = ${query.run}`);
  const group = groupFilter(query);
  if (group === false) return { query, rows: [], total: 0 };
  if (group) where.push(group);
  const from = sql`"Chain" c
    ${initial ? sql`JOIN "Score" s ON s."responseId" = c."initialResponseId"` : sql`JOIN "ChainStep" st ON st."chainId" = c.id JOIN "Score" s ON s."responseId" = st."revisionId"`}
    ${query.dataset !== undefined ? sql`JOIN "Prompt" p ON p.id = c."promptId"` : sql``}
    ${query.split === "endpoint" ? sql`LEFT JOIN "Run" run ON run.id = c."runId"` : sql``}`;
  const matches = sql.join(where, sql` AND `);
  const [chainCursor, scoreCursor] = query.before?.split("-").map(Number) ?? [];
  const cursor = query.before !== undefined ? sql` AND (c.id, s.id) < (${chainCursor}::int, ${scoreCursor}::int)` : sql``;
  const [page, total] = await Promise.all([
    sql<Omit<ChainScoreRow, "preview" | "principle"> & { principleId: number | null }>`
      SELECT s.id AS "scoreId", s.value, s.source::text AS source, s."responseId", c.id AS "chainId", c."promptId",
        ${initial ? sql`0 AS revision, NULL::int AS "principleId"` : sql`st.index AS revision, st."principleId"`}
      FROM ${from} WHERE ${matches}${cursor}
      ORDER BY c.id DESC, s.id DESC LIMIT ${sql.lit(CHAIN_SCORE_PAGE_SIZE + 1)}`.execute(db),
    query.before !== undefined ? undefined : sql<{ total: number }>`SELECT count(*)::int AS total FROM ${from} WHERE ${matches}`.execute(db).then((r) => r.rows[0].total),
  ]);
  const more = page.rows.length > CHAIN_SCORE_PAGE_SIZE;
  const rows = page.rows.slice(0, CHAIN_SCORE_PAGE_SIZE);
  const details = await db
    .selectFrom("Response")
    .select(["id", sql<string>`left(text, ${sql.lit(PREVIEW_CHARS)})`.as("preview")])
    .where(sql<boolean>`id = ANY(${rows.map((r) => r.responseId)})`)
    .execute();
  const principles = await db
    .selectFrom("Principle")
    .select(["id", "key"])
    .where(sql<boolean>`id = ANY(${[...new Set(rows.flatMap((r) => (r.principleId === null ? [] : [r.principleId])))]})`)
    .execute();
  const previews = new Map(details.map((r) => [r.id, r.preview]));
  const keys = new Map(principles.map((r) => [r.id, r.key]));
  return {
    query,
    rows: rows.map(({ principleId, ...row }) => ({
      ...row,
      principle: principleId === null ? null : (keys.get(principleId) ?? String(principleId)),
      preview: previews.get(row.responseId) ?? "",
    })),
    total,
    nextBefore: more ? `${rows.at(-1)!.chainId}-${rows.at(-1)!.scoreId}` : undefined,
  };
}

/**
 * The SQL condition of the point's series, as pm-by-revision's GROUP_SQL names the groups; false
 * when the group cannot hold this revision (the "initial" principle group only has revision 0).
 */
function groupFilter(query: ChainScoresQuery): RawBuilder<unknown> | false | undefined {
  const { split, group } = query;
  if (split === "none" || group === undefined || group === "all") return undefined;
  const numeric = /^\d+$/.test(group) ? Number(group) : undefined;
  switch (split) {
    case "principle":
      if (group === "initial") return query.revision === 0 ? undefined : false;
      // a principle made revisions only
      if (query.revision === 0) return false;
      return numeric === undefined ? false : sql`st."principleId" = ${numeric}`;
    case "run":
      if (group === "imported") return sql`c."runId" IS NULL`;
      return numeric === undefined ? false : sql`c."runId" = ${numeric}`;
    case "endpoint":
      if (group === "none") return sql`run."endpointId" IS NULL`;
      return numeric === undefined ? false : sql`run."endpointId" = ${numeric}`;
  }
}
