import "server-only";
import { sql } from "kysely";
import { unitBins } from "@/lib/cai/charts";
import type { SoftLabelData, SoftLabelQuery } from "@/lib/schemas/charts";
import { db } from "../db";
import { orNull, unitBinSql, verdictDatasetSql } from "./sql";

// The soft labels of a labeling run (its verdicts' P(A)), raw against clamped: counts per bin of
// [0, 1], binned as lib/cai/charts' histogram bins them, and the share of confident labels
// (|P(A) - 0.5| >= margin, with confidentShare's 1e-12 tolerance at the edge).

const TOLERANCE = 1e-12;

export async function softLabelHistogram(query: SoftLabelQuery): Promise<SoftLabelData> {
  const scope = verdictDatasetSql(query.dataset);
  const run = orNull(query.run);
  const bins = sql`${query.bins}::int`;
  const margin = sql`${query.margin} - ${sql.lit(TOLERANCE)}`;
  // one pass over the verdicts: raw bins, used bins and the totals are grouping sets of one aggregate
  const { rows } = await sql<{ grp: "raw" | "used" | "all"; bin: number | null; n: number; confidentRaw: number; confidentUsed: number; chainOfThought: number }>`
     WITH v AS (
       SELECT v."pA", v."pAUsed", v."chainOfThought", ${unitBinSql(sql`v."pA"`, bins)} AS rb, ${unitBinSql(sql`v."pAUsed"`, bins)} AS ub
       FROM "AiVerdict" v
       ${scope.join}
       WHERE (${run}::int IS NULL OR v."runId" = ${run}) AND ${scope.where}
     )
     SELECT CASE WHEN GROUPING(rb) = 0 THEN 'raw' WHEN GROUPING(ub) = 0 THEN 'used' ELSE 'all' END AS grp,
       coalesce(rb, ub) AS bin, count(*)::int AS n,
       count(*) FILTER (WHERE rb IS NOT NULL AND abs("pA" - 0.5) >= ${margin})::int AS "confidentRaw",
       count(*) FILTER (WHERE ub IS NOT NULL AND abs("pAUsed" - 0.5) >= ${margin})::int AS "confidentUsed",
       count(*) FILTER (WHERE "chainOfThought")::int AS "chainOfThought"
     FROM v GROUP BY GROUPING SETS ((rb), (ub), ())`.execute(db);
  const count = (grp: "raw" | "used", bin: number | null) => rows.find((r) => r.grp === grp && r.bin === bin)?.n ?? 0;
  const totals = rows.find((r) => r.grp === "all")!;
  const total = totals.n;
  const outOfRange = { raw: count("raw", null), used: count("used", null) };
  const inRange = { raw: total - outOfRange.raw, used: total - outOfRange.used };
  return {
    query,
    bins: unitBins(query.bins).map((bin, i) => {
      const raw = count("raw", i);
      const used = count("used", i);
      return { ...bin, raw, used, rawShare: inRange.raw > 0 ? raw / inRange.raw : 0, usedShare: inRange.used > 0 ? used / inRange.used : 0 };
    }),
    total,
    outOfRange,
    confidentShare: { raw: inRange.raw > 0 ? totals.confidentRaw / inRange.raw : null, used: inRange.used > 0 ? totals.confidentUsed / inRange.used : null },
    chainOfThought: totals.chainOfThought,
  };
}
