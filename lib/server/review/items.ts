import "server-only";
import { sql, type RawBuilder } from "kysely";
import { cursorText, QUEUE_PAGE_SIZE, type HumanChoice, type ItemFilter, type ItemListQuery, type QueueItemPage, type QueueItemRow } from "@/lib/schemas/review";
import { db } from "../db";
import { userTurnPreview } from "../prompts/preview-sql";
import { answerCountSql, answeredBySql, itemFilterConditions, queueItemsSql, type Fragment } from "./criteria";
import { findQueue, type QueueRecord } from "./queue-record";

// One page of a queue's items in rank order, by keyset on (rank, comparison id), never OFFSET:
// "to do" leaves out complete items, "not yet reviewed by me" the ones the reviewer answered. In a
// blind queue, a reviewer who may answer gets no AI verdict on the items they have not answered
// (nor asked to see): the list must not tell them what the item page hides.

const PREVIEW_CHARS = 160;

/** The SQL of a page of item ids and ranks: what the list, the review screen and EXPLAIN run. */
export function itemPageSql(queue: QueueRecord, query: ItemFilter & { after?: ItemListQuery["after"] }, userId: string, limit: number): RawBuilder<{ id: number; rank: number }> {
  const where = itemFilterConditions({ show: query.show, unreviewed: query.unreviewed, userId, reviewersPerItem: queue.reviewersPerItem });
  if (query.after) where.push(sql`(i.rank, i.id) > ${rankPosition(query.after)}`);
  return sql<{ id: number; rank: number }>`SELECT i.id, i.rank FROM (${queueItemsSql(queue)}) i
     WHERE ${where.length > 0 ? sql.join(where, sql` AND `) : sql`TRUE`}
     ORDER BY i.rank, i.id LIMIT ${limit}::int`;
}

export async function listQueueItems(queueId: number, query: ItemListQuery, viewer: { userId: string; canAnswer: boolean }): Promise<QueueItemPage> {
  const { userId } = viewer;
  const queue = await findQueue(queueId);
  const limit = query.limit ?? QUEUE_PAGE_SIZE;
  const { rows: ids } = await itemPageSql(queue, query, userId, limit + 1).execute(db);
  const page = ids.slice(0, limit);
  const rows = await describeItems(queue, page, viewer);
  return { rows, next: ids.length > limit ? rows.at(-1)!.cursor : undefined };
}

interface RawItem {
  id: number;
  preview: string | null;
  verdict: QueueItemRow["verdict"];
  answers: number;
  myChoice: HumanChoice | null;
}

/** The columns of the queue's table for the chosen items, in the order given. */
async function describeItems(queue: QueueRecord, items: { id: number; rank: number }[], viewer: { userId: string; canAnswer: boolean }): Promise<QueueItemRow[]> {
  if (items.length === 0) return [];
  const { userId } = viewer;
  const blind = queue.blindByDefault && viewer.canAnswer;
  const verdict =
    queue.labelRunId === null
      ? sql`NULL::json`
      : sql`(SELECT json_build_object('pA', v."pA", 'pAUsed', v."pAUsed", 'flips', v.flips, 'spread', v.spread, 'principles', v.principles,
                     'chainOfThought', v."chainOfThought") FROM "AiVerdict" v WHERE v."runId" = ${queue.labelRunId}::int AND v."comparisonId" = c.id)`;
  const { rows } = await sql<RawItem>`
    SELECT c.id,
           ${userTurnPreview(PREVIEW_CHARS)} AS preview,
           CASE WHEN ${blind}::boolean AND NOT ${answeredBySql(userId, "c")}
                 AND NOT EXISTS (SELECT 1 FROM "ReviewReveal" rv WHERE rv."queueId" = ${queue.id}::int AND rv."comparisonId" = c.id AND rv."userId" = ${userId})
                THEN NULL ELSE ${verdict} END AS verdict,
           ${answerCountSql(sql`c.id`)} AS answers,
           (SELECT m.choice::text FROM "HumanLabel" m
             WHERE m."comparisonId" = c.id AND m."userId" = ${userId} AND m.source = 'REVIEW' AND m."supersededAt" IS NULL ORDER BY m.id DESC LIMIT 1) AS "myChoice"
      FROM "Comparison" c JOIN "Prompt" p ON p.id = c."promptId"
     WHERE c.id = ANY(${items.map((item) => item.id)}::int[])`.execute(db);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return items.map((item) => {
    const row = byId.get(item.id)!;
    return {
      comparisonId: item.id,
      rank: item.rank,
      cursor: cursorText(item),
      preview: row.preview ?? "",
      verdict: row.verdict,
      answers: row.answers,
      complete: row.answers >= queue.reviewersPerItem,
      myChoice: row.myChoice,
    };
  });
}

/**
 * A (rank, id) position as SQL. The rank goes as text: JavaScript's shortest round-trip digits
 * read back as the same float8, where a number parameter is sent rounded to 15 digits and would
 * no longer equal the rank it came from (0.050000000000000044 became 0.05000000000000004).
 */
export function rankPosition(position: { rank: number; id: number }): Fragment {
  return sql`(${String(position.rank)}::float8, ${position.id}::int)`;
}
