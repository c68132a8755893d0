import "server-only";
import { unitBins } from "@/lib/cai/charts";
import type { SoftLabelData, SoftLabelQuery } from "@/lib/schemas/charts";
import { pgPool } from "../pg";
import { orNull, unitBinSql } from "./sql";

// The soft labels of a labeling run (its verdicts' P(A)), raw against clamped: counts per bin of
// [0, 1], binned as lib/cai/charts' histogram bins them, and the share of confident labels
// (|P(A) - 0.5| >= margin, with confidentShare's 1e-12 tolerance at the edge).

const TOLERANCE = 1e-12;

export async function softLabelHistogram(query: SoftLabelQuery): Promise<SoftLabelData> {
  const db = pgPool();
  const from = `FROM "AiVerdict" v
    ${query.dataset ? `JOIN "Comparison" c ON c.id = v."comparisonId" JOIN "Prompt" p ON p.id = c."promptId"` : ""}
    WHERE ($1::int IS NULL OR v."runId" = $1) ${query.dataset ? `AND p."datasetId" = $2` : "AND $2::int IS NULL"}`;
  const params = [orNull(query.run), orNull(query.dataset)];
  const [bins, totals] = await Promise.all([
    db.query<{ bin: number | null; raw: number; used: number }>(
      `SELECT bin, sum(raw)::int AS raw, sum(used)::int AS used FROM (
         SELECT ${unitBinSql(`v."pA"`, "$3::int")} AS bin, 1 AS raw, 0 AS used ${from}
         UNION ALL
         SELECT ${unitBinSql(`v."pAUsed"`, "$3::int")}, 0, 1 ${from}
       ) b GROUP BY bin`,
      [...params, query.bins],
    ),
    db.query<{ total: number; confidentRaw: number; confidentUsed: number; chainOfThought: number }>(
      `SELECT count(*)::int AS total,
         count(*) FILTER (WHERE v."pA" BETWEEN 0 AND 1 AND abs(v."pA" - 0.5) >= $3 - ${TOLERANCE})::int AS "confidentRaw",
         count(*) FILTER (WHERE v."pAUsed" BETWEEN 0 AND 1 AND abs(v."pAUsed" - 0.5) >= $3 - ${TOLERANCE})::int AS "confidentUsed",
         count(*) FILTER (WHERE v."chainOfThought")::int AS "chainOfThought"
       ${from}`,
      [...params, query.margin],
    ),
  ]);
  const counts = new Map(bins.rows.map((b) => [b.bin, b]));
  const outOfRange = { raw: counts.get(null)?.raw ?? 0, used: counts.get(null)?.used ?? 0 };
  const { total, confidentRaw, confidentUsed, chainOfThought } = totals.rows[0];
  const inRange = { raw: total - outOfRange.raw, used: total - outOfRange.used };
  return {
    query,
    bins: unitBins(query.bins).map((bin, i) => {
      const raw = counts.get(i)?.raw ?? 0;
      const used = counts.get(i)?.used ?? 0;
      return { ...bin, raw, used, rawShare: inRange.raw > 0 ? raw / inRange.raw : 0, usedShare: inRange.used > 0 ? used / inRange.used : 0 };
    }),
    total,
    outOfRange,
    confidentShare: { raw: inRange.raw > 0 ? confidentRaw / inRange.raw : null, used: inRange.used > 0 ? confidentUsed / inRange.used : null },
    chainOfThought,
  };
}
