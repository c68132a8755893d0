import "server-only";
import { sql } from "kysely";
import type { ItemFilter } from "@/lib/schemas/review";
import { db } from "../db";
import { NotFoundError } from "../errors";
import { itemFilterConditions, queueItemsSql } from "./criteria";
import { itemPageSql, rankPosition } from "./items";
import type { QueueRecord } from "./queue-record";

// Where an item stands in its queue: its position in the whole queue (1-based, rank order), and the
// item before and after it in the list the reviewer walks (to do or all, mine or everyone's). The
// current item need not be in that list itself (it may have just become complete): its neighbours
// are found from its (rank, id), as a keyset page would.

export interface ItemPlace {
  position: number;
  previousId: number | null;
  nextId: number | null;
}

export async function itemPlace(queue: QueueRecord, comparisonId: number, filter: ItemFilter, userId: string): Promise<ItemPlace> {
  const items = queueItemsSql(queue);
  const { rows: current } = await sql<{ rank: number }>`SELECT i.rank FROM (${items}) i WHERE i.id = ${comparisonId}::int`.execute(db);
  if (current.length === 0) throw new NotFoundError(`comparison ${comparisonId} is not in review queue ${queue.id}`);
  const here = rankPosition({ rank: current[0].rank, id: comparisonId });
  const where = itemFilterConditions({ ...filter, userId, reviewersPerItem: queue.reviewersPerItem });
  const and = where.length > 0 ? sql` AND ${sql.join(where, sql` AND `)}` : sql``;
  const [before, previous, next] = await Promise.all([
    sql<{ n: number }>`SELECT count(*)::int AS n FROM (${items}) i WHERE (i.rank, i.id) < ${here}`.execute(db),
    sql<{ id: number }>`SELECT i.id FROM (${items}) i WHERE (i.rank, i.id) < ${here}${and} ORDER BY i.rank DESC, i.id DESC LIMIT 1`.execute(db),
    sql<{ id: number }>`SELECT i.id FROM (${items}) i WHERE (i.rank, i.id) > ${here}${and} ORDER BY i.rank, i.id LIMIT 1`.execute(db),
  ]);
  return { position: before.rows[0].n + 1, previousId: previous.rows[0]?.id ?? null, nextId: next.rows[0]?.id ?? null };
}

/** The first item of the list the reviewer walks, or null when it is empty. */
export async function firstItem(queue: QueueRecord, filter: ItemFilter, userId: string): Promise<number | null> {
  const { rows } = await itemPageSql(queue, filter, userId, 1).execute(db);
  return rows[0]?.id ?? null;
}
