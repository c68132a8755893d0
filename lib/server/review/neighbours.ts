import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ItemFilter } from "@/lib/schemas/review";
import { prisma } from "../db";
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
  const current = await prisma.$queryRaw<{ rank: number }[]>`SELECT i.rank FROM (${items}) i WHERE i.id = ${comparisonId}::int`;
  if (current.length === 0) throw new NotFoundError(`comparison ${comparisonId} is not in review queue ${queue.id}`);
  const here = rankPosition({ rank: current[0].rank, id: comparisonId });
  const where = itemFilterConditions({ ...filter, userId, reviewersPerItem: queue.reviewersPerItem });
  const and = where.length > 0 ? Prisma.sql` AND ${Prisma.join(where, " AND ")}` : Prisma.empty;
  const [before, previous, next] = await Promise.all([
    prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${items}) i WHERE (i.rank, i.id) < ${here}`,
    prisma.$queryRaw<{ id: number }[]>`SELECT i.id FROM (${items}) i WHERE (i.rank, i.id) < ${here}${and} ORDER BY i.rank DESC, i.id DESC LIMIT 1`,
    prisma.$queryRaw<{ id: number }[]>`SELECT i.id FROM (${items}) i WHERE (i.rank, i.id) > ${here}${and} ORDER BY i.rank, i.id LIMIT 1`,
  ]);
  return { position: before[0].n + 1, previousId: previous[0]?.id ?? null, nextId: next[0]?.id ?? null };
}

/** The first item of the list the reviewer walks, or null when it is empty. */
export async function firstItem(queue: QueueRecord, filter: ItemFilter, userId: string): Promise<number | null> {
  const rows = await prisma.$queryRaw<{ id: number }[]>(itemPageSql(queue, filter, userId, 1));
  return rows[0]?.id ?? null;
}
