import "server-only";
import { reviewerPositionBias, type ReviewerPositionBias } from "@/lib/cai/reviewer-position";
import { pgPool } from "../pg";

// Reviewers' own position bias on a dataset's pairs (or every dataset's): their current review
// answers that were given with a recorded order (queues that draw sides), by reviewer. Read by the
// agreement page and the calibration chart.

export async function reviewerPositionReport(datasetId: number | undefined): Promise<ReviewerPositionBias[]> {
  const { rows } = await pgPool().query<{ rater: string; choice: "A" | "B" | "TIE"; shownOrder: "AB" | "BA" }>(
    `SELECT coalesce(u.email, h."userId") AS rater, h.choice::text AS choice, h."shownOrder"::text AS "shownOrder"
       FROM "HumanLabel" h
       JOIN "Comparison" c ON c.id = h."comparisonId" JOIN "Prompt" p ON p.id = c."promptId"
       LEFT JOIN "User" u ON u.id = h."userId"
      WHERE h.source = 'REVIEW' AND h."supersededAt" IS NULL AND h."shownOrder" IS NOT NULL AND h.choice IN ('A', 'B', 'TIE')
        AND ($1::int IS NULL OR p."datasetId" = $1)`,
    [datasetId ?? null],
  );
  return reviewerPositionBias(rows);
}
