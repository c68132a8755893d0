import "server-only";
import { sql } from "kysely";
import { db } from "../db";
import { queueItemsSql } from "./criteria";
import { parseCriteria } from "./queue-record";

// A queue's item count, kept: counting a queue over a paper-scale run reads every verdict of the run
// (30 to 70 ms), on every queue and item page. The count is stored with the version of the queue's
// items it was made at, and triggers raise that version on every write that may change which pairs
// the queue holds (migration review_queue_item_count), so a stored count is the count criteria.ts
// gives while the version is unchanged. After such a write, the next reader counts and stores again.

/** How many pairs the queue holds now: queueItemsSql counted, or its count stored since the last write that could change it. */
export async function queueTotal(queueId: number): Promise<number> {
  // the source and the version in one read, so the count made from that source is stored at that version
  const row = await db
    .selectFrom("ReviewQueue")
    .select(["id", "datasetId", "labelRunId", "criteria", "itemsVersion", "itemCount", "itemCountVersion"])
    .where("id", "=", queueId)
    .executeTakeFirstOrThrow();
  if (row.itemCount !== null && row.itemCountVersion === row.itemsVersion) return row.itemCount;
  const {
    rows: [counted],
  } = await sql<{ total: number }>`SELECT count(*)::int AS total FROM (${queueItemsSql({ ...row, criteria: parseCriteria(row.id, row.criteria) })}) i`.execute(db);
  // kept only if no write raised the version since it was read (else the count may miss that write),
  // and never waiting: a writer's open transaction (an import's) holds the queue's row until it commits
  await sql`
    UPDATE "ReviewQueue" SET "itemCount" = ${counted.total}, "itemCountVersion" = ${row.itemsVersion}
    WHERE id = (SELECT id FROM "ReviewQueue" WHERE id = ${queueId} AND "itemsVersion" = ${row.itemsVersion} FOR UPDATE SKIP LOCKED)`.execute(db);
  return counted.total;
}
