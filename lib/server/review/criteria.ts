import "server-only";
import { sql, type RawBuilder } from "kysely";
import type { Criteria, StoredCriteria } from "@/lib/schemas/review";

// A queue's items as SQL: the comparisons its criterion selects, each with a rank, least trustworthy
// first (ascending rank, ties by comparison id). Every list, count and neighbour query of the review
// screen reads this one subquery, so they cannot disagree about what the queue holds or its order.
//
// Ranks are float8 for every criterion, so one keyset (rank, id) pages them all:
//   low-confidence, all (of a run)  abs(pAUsed - 0.5)           closest to even first
//   flips                           -flips                      most flips first
//   principle-disagreement          -spread                     biggest spread first
//   cot-clamp-gap                   -abs(pA - pAUsed)           biggest gap first
//   spot-check                      md5(seed || id), its first 52 bits as a number (exact in a float8),
//                                   so the order is md5's; the sample is the first `size` of that order
//   all (of a dataset)              0                           by comparison id
// The expressions are written the same way everywhere so that the expression indexes on
// ("runId", <rank>, "comparisonId") of migration review_queue_indexes serve them: the planner uses
// an index only when its expression matches this SQL exactly, casts included, so a rank or a
// predicate changed here needs its index changed in a new migration; see test/review/explain/README.md.

/** A piece of a statement (Kysely's sql template), for the services to compose and run. */
export type Fragment = RawBuilder<unknown>;

export interface QueueSource {
  labelRunId: number | null;
  datasetId: number;
  criteria: StoredCriteria;
}

export function rankSql(criteria: Criteria, alias: "v" | "c" = "v"): Fragment {
  const column = (name: string) => sql.raw(`${alias}."${name}"`);
  switch (criteria.kind) {
    case "low-confidence":
    case "all":
      return alias === "v" ? sql`abs(${column("pAUsed")} - 0.5)` : sql`0::float8`;
    case "flips":
      return sql`(-${column("flips")})::float8`;
    case "principle-disagreement":
      return sql`(-${column("spread")})`;
    case "cot-clamp-gap":
      return sql`(-abs(${column("pA")} - ${column("pAUsed")}))`;
    case "spot-check":
      return sql`(('x' || substr(md5(${criteria.seed}::text || ${column(alias === "v" ? "comparisonId" : "id")}::text), 1, 13))::bit(52)::bigint)::float8`;
  }
}

function verdictPredicate(criteria: Criteria): Fragment {
  switch (criteria.kind) {
    case "low-confidence":
      return sql`abs(v."pAUsed" - 0.5) < ${criteria.threshold}::float8`;
    case "flips":
      return sql`v.flips > 0`;
    case "principle-disagreement":
      return sql`v.spread > ${criteria.threshold}::float8`;
    case "cot-clamp-gap":
      return sql`v."chainOfThought" AND abs(v."pA" - v."pAUsed") > ${criteria.threshold}::float8`;
    case "spot-check":
    case "all":
      return sql`TRUE`;
  }
}

/** SELECT id, rank: the queue's items, unordered (a subquery to filter, order and page). */
export function queueItemsSql(queue: QueueSource): Fragment {
  const { criteria } = queue;
  // a spot check drawn when the queue was made: its ids, looked up by index, ranked as drawn
  if (criteria.kind === "spot-check" && "drawn" in criteria) {
    return queue.labelRunId !== null
      ? sql`SELECT v."comparisonId" AS id, ${rankSql(criteria, "v")} AS rank FROM "AiVerdict" v
                    WHERE v."runId" = ${queue.labelRunId}::int AND v."comparisonId" = ANY(${criteria.drawn}::int[])`
      : sql`SELECT c.id, ${rankSql(criteria, "c")} AS rank FROM "Comparison" c WHERE c.id = ANY(${criteria.drawn}::int[])`;
  }
  const rows =
    queue.labelRunId !== null
      ? sql`SELECT v."comparisonId" AS id, ${rankSql(criteria, "v")} AS rank FROM "AiVerdict" v
                    WHERE v."runId" = ${queue.labelRunId}::int AND ${verdictPredicate(criteria)}`
      : sql`SELECT c.id, ${rankSql(criteria, "c")} AS rank FROM "Comparison" c JOIN "Prompt" p ON p.id = c."promptId"
                    WHERE p."datasetId" = ${queue.datasetId}::int`;
  // the sample as drawn from what is there now: the first `size` pairs in md5 order
  if (criteria.kind === "spot-check") return sql`SELECT id, rank FROM (${rows} ORDER BY rank, id LIMIT ${criteria.size}::int) sample`;
  return rows;
}

/** Comparisons whose current review answers come from at least N different people, skips not counted. */
export function completeSql(reviewersPerItem: number): Fragment {
  // read from the partial index of current review answers (HumanLabel_review_current_idx); imported labels have no user
  return sql`SELECT h."comparisonId" FROM "HumanLabel" h
     WHERE h."userId" IS NOT NULL AND h.source = 'REVIEW' AND h."supersededAt" IS NULL AND h.choice <> 'SKIP'
     GROUP BY h."comparisonId" HAVING count(DISTINCT h."userId") >= ${reviewersPerItem}::int`;
}

/** How many people's current review answers (skips not counted) the comparison has: what "complete" counts. */
export function answerCountSql(comparisonId: Fragment): RawBuilder<number> {
  return sql`(SELECT count(DISTINCT h."userId")::int FROM "HumanLabel" h
     WHERE h."comparisonId" = ${comparisonId} AND h."userId" IS NOT NULL AND h.source = 'REVIEW' AND h."supersededAt" IS NULL AND h.choice <> 'SKIP')`;
}

/** True when `userId` has a current review answer (a skip included) on the item aliased `i`. */
export function answeredBySql(userId: string, alias = "i"): Fragment {
  return sql`EXISTS (SELECT 1 FROM "HumanLabel" m WHERE m."comparisonId" = ${sql.raw(alias)}.id AND m."userId" = ${userId}
     AND m.source = 'REVIEW' AND m."supersededAt" IS NULL)`;
}

export interface ItemFilterSql {
  show: "todo" | "all";
  unreviewed: boolean;
  userId: string;
  reviewersPerItem: number;
}

/** The conditions of a filtered walk over items aliased `i`: complete items leave "to do". */
export function itemFilterConditions(filter: ItemFilterSql): Fragment[] {
  const where: Fragment[] = [];
  if (filter.show === "todo") where.push(sql`i.id NOT IN (${completeSql(filter.reviewersPerItem)})`);
  if (filter.unreviewed) where.push(sql`NOT ${answeredBySql(filter.userId)}`);
  return where;
}
