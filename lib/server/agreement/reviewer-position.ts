import "server-only";
import { sql } from "kysely";
import { reviewerPositionBias, type ReviewerPositionBias } from "@/lib/cai/reviewer-position";
import { db } from "../db";

// Reviewers' own position bias on a dataset's pairs (or every dataset's): their current review
// answers that were given with a recorded order (queues that draw sides), by reviewer. Read by the
// agreement page and the calibration chart.

export async function reviewerPositionReport(datasetId: number | undefined): Promise<ReviewerPositionBias[]> {
  const rows = await db
    .selectFrom("HumanLabel as h")
    .innerJoin("Comparison as c", "c.id", "h.comparisonId")
    .innerJoin("Prompt as p", "p.id", "c.promptId")
    .leftJoin("User as u", "u.id", "h.userId")
    .select([sql<string>`coalesce(u.email, h."userId")`.as("rater"), sql<"A" | "B" | "TIE">`h.choice::text`.as("choice"), sql<"AB" | "BA">`h."shownOrder"::text`.as("shownOrder")])
    .where("h.source", "=", "REVIEW")
    .where("h.supersededAt", "is", null)
    .where("h.shownOrder", "is not", null)
    .where("h.choice", "in", ["A", "B", "TIE"])
    .$if(datasetId !== undefined, (q) => q.where("p.datasetId", "=", datasetId!))
    .execute();
  return reviewerPositionBias(rows);
}
