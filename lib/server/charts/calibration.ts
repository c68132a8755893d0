import "server-only";
import { sql } from "kysely";
import { unitBins } from "@/lib/cai/charts";
import type { CalibrationData, CalibrationQuery } from "@/lib/schemas/charts";
import { db } from "../db";
import { orNull, unitBinSql, verdictDatasetSql } from "./sql";

// Calibration of the AI's P(A) (a verdict's pAUsed) against people's current answers on the same
// pair: a reliability diagram with its ECE and Brier score, the numbers lib/cai/charts' reliability
// gives for the same points. Each current answer is one point (two reviewers of a pair: two
// points); A counts 1, B 0, a tie 0.5. SQL groups the points by bin and answer with count, sum of
// P(A) and sum of its squares, which is all ECE and Brier need; a second grouping set per bin
// counts its distinct pairs, the ones its link to the comparisons list shows.

interface Group {
  bin: number | null;
  outcome: number;
  n: number;
  sum: number;
  sumSquares: number;
  choice: "A" | "B" | "TIE";
  pairs: number;
  /** the per-bin grouping set's row (choice and outcome null): its pairs, nothing else read */
  perBin: boolean;
}

export async function calibration(query: CalibrationQuery): Promise<CalibrationData> {
  const scope = verdictDatasetSql(query.dataset);
  const run = orNull(query.run);
  const { rows } = await sql<Group>`
     SELECT ${unitBinSql(sql`v."pAUsed"`, sql`${query.bins}`)} AS bin, h.choice::text AS choice,
       CASE h.choice WHEN 'A' THEN 1 WHEN 'B' THEN 0 ELSE 0.5 END::float8 AS outcome,
       count(*)::int AS n, sum(v."pAUsed")::float8 AS sum, sum(v."pAUsed" * v."pAUsed")::float8 AS "sumSquares",
       count(DISTINCT v."comparisonId")::int AS pairs, GROUPING(h.choice::text) = 1 AS "perBin"
     FROM "AiVerdict" v
     JOIN "HumanLabel" h ON h."comparisonId" = v."comparisonId" AND h."supersededAt" IS NULL AND h.choice IN ('A', 'B', 'TIE')
     ${scope.join}
     WHERE (${run}::int IS NULL OR v."runId" = ${run}) AND (${query.humans} = 'ALL' OR h.source::text = ${query.humans})
       AND ${scope.where}
     GROUP BY GROUPING SETS ((1, 2, 3), (1))`.execute(db);
  const binned = rows.filter((r) => r.bin !== null) as (Group & { bin: number })[];
  return {
    query,
    ...reliabilityFromGroups(
      binned.filter((r) => !r.perBin),
      query.bins,
      binned.filter((r) => r.perBin),
    ),
  };
}

/**
 * lib/cai/charts' reliability from per-(bin, outcome) aggregates instead of points: the same bins,
 * ECE and Brier (sum over points of (p - o)^2 = sumSquares - 2 o sum + n o^2 within a group), and
 * each bin's distinct pairs from `binPairs`.
 */
export function reliabilityFromGroups(
  groups: { bin: number; outcome: number; n: number; sum: number; sumSquares: number; choice: "A" | "B" | "TIE" }[],
  binCount: number,
  binPairs: { bin: number; pairs: number }[],
): Omit<CalibrationData, "query"> {
  const bins = unitBins(binCount).map((b) => ({ ...b, count: 0, pairs: 0, predicted: 0, observed: 0 }));
  for (const b of binPairs) bins[b.bin].pairs = b.pairs;
  const answers = { A: 0, B: 0, TIE: 0 };
  let squaredError = 0;
  for (const g of groups) {
    const bin = bins[g.bin];
    bin.count += g.n;
    bin.predicted += g.sum;
    bin.observed += g.outcome * g.n;
    squaredError += g.sumSquares - 2 * g.outcome * g.sum + g.n * g.outcome ** 2;
    answers[g.choice] += g.n;
  }
  const n = bins.reduce((total, b) => total + b.count, 0);
  const result = bins.map(({ low, high, count, pairs, predicted, observed }) => ({
    low,
    high,
    count,
    pairs,
    meanPredicted: count > 0 ? predicted / count : null,
    observed: count > 0 ? observed / count : null,
  }));
  const ece = n === 0 ? null : result.reduce((sum, b) => (b.count > 0 ? sum + (b.count / n) * Math.abs(b.meanPredicted! - b.observed!) : sum), 0);
  return { bins: result, n, ece, brier: n === 0 ? null : Math.max(0, squaredError) / n, answers };
}
