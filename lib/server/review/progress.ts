import "server-only";
import { sql, type Kysely } from "kysely";
import type { QueueProgress } from "@/lib/schemas/review";
import type { DB } from "@/lib/generated/db/types";
import { db } from "../db";
import { completeSql, queueItemsSql } from "./criteria";
import type { QueueRecord } from "./queue-record";
import { queueTotal } from "./total";

// How far a queue is: its items, the complete ones (N reviewers' current answers other than skip),
// and the signed-in reviewer's own. Done and mine start from the answers (few, found by the partial
// index of current review answers) and look each one up in the queue; the total is kept (total.ts).

export async function queueProgress(queue: QueueRecord, userId: string): Promise<QueueProgress> {
  const items = queueItemsSql(queue);
  const [total, counts] = await Promise.all([
    queueTotal(queue.id),
    sql<{ done: number; mine: number }>`
    SELECT (SELECT count(*) FROM (${items}) i WHERE i.id IN (${completeSql(queue.reviewersPerItem)}))::int AS done,
           (SELECT count(*) FROM (${items}) i WHERE i.id IN (
              SELECT m."comparisonId" FROM "HumanLabel" m WHERE m."userId" = ${userId} AND m.source = 'REVIEW' AND m."supersededAt" IS NULL))::int AS mine`.execute(db),
  ]);
  return { total, ...counts.rows[0] };
}

/** Whether the comparison is one of the queue's items. */
export async function inQueue(queue: QueueRecord, comparisonId: number, on: Kysely<DB> = db): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM (${queueItemsSql(queue)}) i WHERE i.id = ${comparisonId}::int`.execute(on);
  return rows.length > 0;
}
