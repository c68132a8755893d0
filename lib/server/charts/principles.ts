import "server-only";
import { meanIntervalFromAggregates } from "@/lib/cai/charts";
import type { PrincipleData, PrincipleQuery } from "@/lib/schemas/charts";
import { pgPool } from "../pg";
import { orNull } from "./sql";

// Principle analytics. Critique principles: what their revisions did to the score, the score of
// revision k minus the score of the response it revised (revision k - 1, or the initial response
// for k = 1), compared within one score name and source, so an ENDPOINT score is never subtracted
// from an IMPORTED one. SQL returns count, sum and sum of squares of the changes per principle;
// meanIntervalFromAggregates makes the 95% interval. Preference principles: pairs a principle
// judged in both orders (AiLabel AB and BA) and how many of them flipped, as isFlip reads a pair
// (raw P(A) on opposite sides of 0.5; 0.5 is no pick, so never a flip).

export async function principleAnalytics(query: PrincipleQuery): Promise<PrincipleData> {
  const db = pgPool();
  const [changes, flips] = await Promise.all([
    db.query<{ key: number; n: number; sum: number; sumSquares: number }>(
      `SELECT d."principleId" AS key, count(*)::int AS n, sum(d.change)::float8 AS sum, sum(d.change * d.change)::float8 AS "sumSquares"
       FROM (
         SELECT st."principleId", s.value - ps.value AS change
         FROM "ChainStep" st
         JOIN "Score" s ON s."responseId" = st."revisionId" AND s.name = $1 AND ($2::text IS NULL OR s.source = $2::"ScoreSource")
         JOIN "Chain" c ON c.id = st."chainId"
         LEFT JOIN "ChainStep" prev ON st.index > 1 AND prev."chainId" = st."chainId" AND prev.index = st.index - 1
         JOIN "Score" ps ON ps."responseId" = CASE WHEN st.index = 1 THEN c."initialResponseId" ELSE prev."revisionId" END
           AND ps.name = s.name AND ps.source = s.source
         ${query.dataset ? `JOIN "Prompt" p ON p.id = c."promptId" WHERE p."datasetId" = $3` : "WHERE $3::int IS NULL"}
           AND ($4::int IS NULL OR c."runId" = $4)
       ) d
       GROUP BY 1`,
      [query.score, orNull(query.source), orNull(query.dataset), orNull(query.run)],
    ),
    db.query<{ key: number | null; pairs: number; flips: number }>(
      `SELECT "principleId" AS key, count(*)::int AS pairs, count(*) FILTER (WHERE ("pA_AB" - 0.5) * ("pA_BA" - 0.5) < 0)::int AS flips
       FROM (
         SELECT l."principleId", max(l."pA") FILTER (WHERE l."order" = 'AB') AS "pA_AB", max(l."pA") FILTER (WHERE l."order" = 'BA') AS "pA_BA"
         FROM "AiLabel" l
         ${query.dataset ? `JOIN "Comparison" c ON c.id = l."comparisonId" JOIN "Prompt" p ON p.id = c."promptId" WHERE p."datasetId" = $2` : "WHERE $2::int IS NULL"}
           AND ($1::int IS NULL OR l."runId" = $1)
         GROUP BY l."runId", l."comparisonId", l."principleId"
         HAVING bool_or(l."order" = 'AB') AND bool_or(l."order" = 'BA')
       ) pairs
       GROUP BY 1`,
      [orNull(query.labelRun), orNull(query.dataset)],
    ),
  ]);
  const names = await principleNames([...changes.rows.map((r) => r.key), ...flips.rows.flatMap((r) => (r.key === null ? [] : [r.key]))]);
  const label = (key: number | null) => (key === null ? "No principle" : names.get(key) ?? String(key));
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  return {
    query,
    changes: changes.rows.map((r) => ({ key: String(r.key), label: label(r.key), ...meanIntervalFromAggregates(r.n, r.sum, r.sumSquares) })).sort(byLabel),
    flips: flips.rows.map((r) => ({ key: String(r.key ?? "none"), label: label(r.key), pairs: r.pairs, flips: r.flips, flipRate: r.pairs > 0 ? r.flips / r.pairs : null })).sort(byLabel),
  };
}

async function principleNames(ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await pgPool().query<{ id: number; name: string }>(`SELECT id, key AS name FROM "Principle" WHERE id = ANY($1)`, [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
