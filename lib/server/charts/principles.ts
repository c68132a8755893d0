import "server-only";
import { sql } from "kysely";
import { meanIntervalFromAggregates } from "@/lib/cai/charts";
import type { PrincipleData, PrincipleQuery } from "@/lib/schemas/charts";
import { db } from "../db";
import { NAMES_SQL, namesById, orNull } from "./sql";
import { summaryFreshness } from "./summaries";

// Principle analytics. Critique principles: what their revisions did to the score, the score of
// revision k minus the score of the response it revised (revision k - 1, or the initial response
// for k = 1), compared within one score name and source, so an ENDPOINT score is never subtracted
// from an IMPORTED one. ChartPrincipleChange keeps count, sum and sum of squares of the changes per
// (dataset, run, principle, score) as scores and steps are written (summaries.ts);
// meanIntervalFromAggregates makes the 95% interval. Preference principles: pairs a principle
// judged in both orders (AiLabel AB and BA of one run, comparison and principle, summed in
// ChartPositionCell as labels are written) and how many of them flipped, as isFlip reads a pair (raw P(A) on opposite sides of 0.5; 0.5 is no
// pick, so never a flip).

export async function principleAnalytics(query: PrincipleQuery): Promise<PrincipleData> {
  const summaries = await summaryFreshness();
  const [source, dataset, run, labelRun] = [orNull(query.source), orNull(query.dataset), orNull(query.run), orNull(query.labelRun)];
  const [changes, flips] = await Promise.all([
    sql<{ key: number; n: number; sum: number; sumSquares: number }>`
      SELECT t."principleId" AS key, sum(t.n)::int AS n, sum(t.sum)::float8 AS sum, sum(t."sumSquares")::float8 AS "sumSquares"
       FROM "ChartPrincipleChange" t
       WHERE t.name = ${query.score} AND (${source}::text IS NULL OR t.source = ${source}::"ScoreSource") AND (${dataset}::int IS NULL OR t."datasetId" = ${dataset})
         AND (${run}::int IS NULL OR t."runId" = ${run})
       GROUP BY 1 HAVING sum(t.n) > 0`.execute(db),
    // flips to either side, summed over the position-bias cells (pairs with both orders)
    sql<{ key: number | null; pairs: number; flips: number }>`
      SELECT nullif("principleId", 0) AS key, sum(pairs)::int AS pairs, sum("flipsToFirst" + "flipsToSecond")::int AS flips
       FROM "ChartPositionCell"
       WHERE (${labelRun}::int IS NULL OR "runId" = ${labelRun}) AND (${dataset}::int IS NULL OR "datasetId" = ${dataset})
       GROUP BY 1 HAVING sum(pairs) > 0`.execute(db),
  ]);
  const names = await namesById(NAMES_SQL.principle, [...changes.rows.map((r) => r.key), ...flips.rows.flatMap((r) => (r.key === null ? [] : [r.key]))]);
  const label = (key: number | null) => (key === null ? "No principle" : (names.get(key) ?? String(key)));
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  return {
    query,
    summaries,
    changes: changes.rows.map((r) => ({ key: String(r.key), label: label(r.key), ...meanIntervalFromAggregates(r.n, r.sum, r.sumSquares) })).sort(byLabel),
    flips: flips.rows.map((r) => ({ key: String(r.key ?? "none"), label: label(r.key), pairs: r.pairs, flips: r.flips, flipRate: r.pairs > 0 ? r.flips / r.pairs : null })).sort(byLabel),
  };
}
