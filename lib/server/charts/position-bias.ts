import "server-only";
import { sql } from "kysely";
import type { PositionBiasData, PositionBiasGroup, PositionBiasQuery } from "@/lib/schemas/charts";
import { db } from "../db";
import { NAMES_SQL, namesById, orNull, unitBinSql, verdictDatasetSql } from "./sql";
import { summaryFreshness } from "./summaries";

// Position bias of the feedback model: each principle's labels of a pair in both orders (AiLabel,
// order AB and BA, P(A) stored for response A either way) make one pair, as lib/cai/charts'
// orderPair reads it: pFirst = P(A) in AB, pSwappedFirst = 1 - P(A) in BA. Raw P(A) (pA), not the
// clamped one: the bias is the model's. SQL sums per group what positionBias counts per pair.
// Overall it also counts the comparisons whose verdict has a flip, as the comparisons list's
// `flipped` filter reads them (AiVerdict.flips > 0), for the overall row's link.

interface Sums {
  key: string | null;
  grp: "all" | "principle" | "endpoint";
  pairs: number;
  sumFirst: number;
  sumSwapped: number;
  picked: number;
  pickedFirst: number;
  flipsToFirst: number;
  flipsToSecond: number;
}

/** the grid ChartPositionCell keeps (the default); other grids are summed from the label pairs */
export const KEPT_BINS = 10;

export async function positionBiasChart(query: PositionBiasQuery): Promise<PositionBiasData> {
  // On the default 10 x 10 grid the cells come from ChartPositionCell, the sums kept per (run,
  // dataset, principle, endpoint, cell) as labels are written (summaries.ts): a few hundred rows.
  // On any other grid they are summed here from AiLabelPair, one row per (run, comparison,
  // principle) with the largest P(A) of each order and the largest endpoint id (pA is never null,
  // so a missing order is null): both orders present make a pair. Either way a deleted endpoint's
  // labels have no endpoint (read through ModelEndpoint), and the groups shown (all, per
  // principle, per endpoint, per grid cell) are grouping sets over the cells' sums.
  const summaries = await summaryFreshness();
  const [run, dataset] = [orNull(query.run), orNull(query.dataset)];
  const cells =
    query.bins === KEPT_BINS
      ? sql`cells AS (
         SELECT nullif(c."principleId", 0) AS "principleId", e.id AS "endpointId", nullif(c.x, -1) AS x, nullif(c.y, -1) AS y,
           c.pairs, c."sumFirst", c."sumSwapped", c.picked, c."pickedFirst", c."flipsToFirst", c."flipsToSecond"
         FROM "ChartPositionCell" c LEFT JOIN "ModelEndpoint" e ON e.id = nullif(c."endpointId", 0)
         WHERE c.pairs <> 0 AND (${run}::int IS NULL OR c."runId" = ${run}) AND (${dataset}::int IS NULL OR c."datasetId" = ${dataset})
           AND ${query.bins}::int = ${sql.lit(KEPT_BINS)}
       )`
      : sql`pairs AS (
         SELECT nullif(l."principleId", 0) AS "principleId", e.id AS "endpointId", l."pAB" AS "pA_AB", l."pBA" AS "pA_BA"
         FROM "AiLabelPair" l LEFT JOIN "ModelEndpoint" e ON e.id = l."endpointId"
         WHERE (${run}::int IS NULL OR l."runId" = ${run}) AND (${dataset}::int IS NULL OR l."datasetId" = ${dataset})
       ), p AS (
         SELECT "principleId", "endpointId", "pA_AB", "pA_BA", "pA_AB" AS p1, 1 - "pA_BA" AS p2,
           ${unitBinSql(sql`"pA_AB"`, sql`${query.bins}::int`)} AS x, ${unitBinSql(sql`"pA_BA"`, sql`${query.bins}::int`)} AS y
         FROM pairs WHERE "pA_AB" IS NOT NULL AND "pA_BA" IS NOT NULL
       ), cells AS (
         SELECT "principleId", "endpointId", x, y, count(*) AS pairs, sum(p1) AS "sumFirst", sum(p2) AS "sumSwapped",
           count(*) FILTER (WHERE p1 <> 0.5) + count(*) FILTER (WHERE p2 <> 0.5) AS picked,
           count(*) FILTER (WHERE p1 > 0.5) + count(*) FILTER (WHERE p2 > 0.5) AS "pickedFirst",
           count(*) FILTER (WHERE ("pA_AB" - 0.5) * ("pA_BA" - 0.5) < 0 AND p1 > 0.5) AS "flipsToFirst",
           count(*) FILTER (WHERE ("pA_AB" - 0.5) * ("pA_BA" - 0.5) < 0 AND p1 <= 0.5) AS "flipsToSecond"
         FROM p GROUP BY 1, 2, 3, 4
       )`;
  const [{ rows }, flippedComparisons] = await Promise.all([
    sql<Sums & { x: number | null; y: number | null }>`
     WITH ${cells}
     SELECT CASE WHEN GROUPING("principleId") = 0 THEN 'principle' WHEN GROUPING("endpointId") = 0 THEN 'endpoint'
                 WHEN GROUPING(x) = 0 THEN 'grid' ELSE 'all' END AS grp,
       coalesce("principleId", "endpointId")::text AS key, x, y,
       coalesce(sum(pairs), 0)::int AS pairs, sum("sumFirst")::float8 AS "sumFirst", sum("sumSwapped")::float8 AS "sumSwapped",
       coalesce(sum(picked), 0)::int AS picked, coalesce(sum("pickedFirst"), 0)::int AS "pickedFirst",
       coalesce(sum("flipsToFirst"), 0)::int AS "flipsToFirst", coalesce(sum("flipsToSecond"), 0)::int AS "flipsToSecond"
     -- a sum over no cells is null where the count over no pairs was 0
     FROM cells GROUP BY GROUPING SETS ((), ("principleId"), ("endpointId"), (x, y))`.execute(db),
    flippedVerdicts(query),
  ]);
  const sums = rows.filter((r) => (r.grp as string) !== "grid");
  const grid = rows
    .filter((r) => (r.grp as string) === "grid" && r.x !== null && r.y !== null)
    .map((g) => ({ x: g.x!, y: g.y!, xLow: g.x! / query.bins, yLow: g.y! / query.bins, count: g.pairs }))
    .sort((a, b) => a.x - b.x || a.y - b.y);
  const names = await groupNames(sums);
  const toGroup = (s: Sums): PositionBiasGroup => ({
    key: s.key ?? "all",
    label: s.grp === "all" ? "All pairs" : s.key === null ? (s.grp === "principle" ? "No principle" : "No endpoint") : (names[s.grp].get(Number(s.key)) ?? s.key),
    ...positionBiasFromSums(s),
  });
  const overall = sums.find((s) => s.grp === "all");
  const empty: Sums = { key: null, grp: "all", pairs: 0, sumFirst: 0, sumSwapped: 0, picked: 0, pickedFirst: 0, flipsToFirst: 0, flipsToSecond: 0 };
  const byLabel = (a: PositionBiasGroup, b: PositionBiasGroup) => a.label.localeCompare(b.label);
  return {
    query,
    summaries,
    overall: { ...toGroup(overall ?? empty), flippedComparisons },
    byPrinciple: sums
      .filter((s) => s.grp === "principle")
      .map(toGroup)
      .sort(byLabel),
    byEndpoint: sums
      .filter((s) => s.grp === "endpoint")
      .map(toGroup)
      .sort(byLabel),
    grid,
  };
}

/**
 * Comparisons with a verdict that flipped (in the run, of the dataset): ~8 ms through the partial
 * flips index for a run at paper scale, ~0.1 s for a dataset (joined through its prompts).
 */
async function flippedVerdicts(query: PositionBiasQuery): Promise<number> {
  const scope = verdictDatasetSql(query.dataset);
  const run = orNull(query.run);
  const {
    rows: [row],
  } = await sql<{ n: number }>`
     SELECT count(DISTINCT v."comparisonId")::int AS n FROM "AiVerdict" v
     ${scope.join}
     WHERE v.flips > 0 AND (${run}::int IS NULL OR v."runId" = ${run}) AND ${scope.where}`.execute(db);
  return row.n;
}

/** lib/cai/charts' positionBias from the sums over a group's pairs instead of the pairs. */
export function positionBiasFromSums(s: Omit<Sums, "key" | "grp">): Omit<PositionBiasGroup, "key" | "label"> {
  const n = s.pairs;
  const { flipsToFirst, flipsToSecond } = s;
  if (n === 0) return { pairs: 0, meanPAOrder1: null, meanPAOrder2: null, meanFirst: null, firstPreferredShare: null, flipRate: null, flipsToFirst, flipsToSecond };
  return {
    pairs: n,
    meanPAOrder1: s.sumFirst / n,
    meanPAOrder2: 1 - s.sumSwapped / n,
    meanFirst: (s.sumFirst + s.sumSwapped) / (2 * n),
    firstPreferredShare: s.picked > 0 ? s.pickedFirst / s.picked : null,
    flipRate: (flipsToFirst + flipsToSecond) / n,
    flipsToFirst,
    flipsToSecond,
  };
}

async function groupNames(rows: Sums[]): Promise<Record<"principle" | "endpoint", Map<number, string>>> {
  const ids = (grp: string) => rows.filter((r) => r.grp === grp && r.key !== null).map((r) => Number(r.key));
  const [principle, endpoint] = await Promise.all([namesById(NAMES_SQL.principle, ids("principle")), namesById(NAMES_SQL.endpoint, ids("endpoint"))]);
  return { principle, endpoint };
}
