import "server-only";
import { sql } from "kysely";
import { db, prisma } from "../db";
import { answeredBySql, queueItemsSql } from "./criteria";
import { inQueue } from "./progress";
import { toQueueRecord, QUEUE_SELECT, type QueueRecord } from "./queue-record";

// What a reviewer may see of a pair before answering it in a blind queue. The server decides:
// it records a reveal when it sends the AI's judgment early (ReviewReveal, with its time), and an
// answer's sawAi is read from what the server showed (a reveal, an earlier answer after which the
// judgment is on screen, or an open queue), never from the browser. The same pair opened elsewhere
// (the comparison page and its API) hides verdicts and other people's answers from a reviewer who
// still owes it a blind answer.

type Db = Pick<typeof prisma, "reviewReveal" | "aiLabel" | "aiVerdict" | "humanLabel">;

export async function findReveal(queueId: number, comparisonId: number, userId: string, db: Db = prisma): Promise<Date | null> {
  const reveal = await db.reviewReveal.findUnique({ where: { queueId_comparisonId_userId: { queueId, comparisonId, userId } }, select: { createdAt: true } });
  return reveal?.createdAt ?? null;
}

/** Whether the pair has any AI judgment to be seen. */
export async function hasAiJudgment(comparisonId: number, db: Db = prisma): Promise<boolean> {
  const [labels, verdicts] = await Promise.all([db.aiLabel.count({ where: { comparisonId }, take: 1 }), db.aiVerdict.count({ where: { comparisonId }, take: 1 })]);
  return labels + verdicts > 0;
}

/** Whether the reviewer has a current review answer on the pair (in any queue): then nothing is hidden. */
export async function hasCurrentAnswer(comparisonId: number, userId: string, db: Db = prisma): Promise<boolean> {
  return (await db.humanLabel.count({ where: { comparisonId, userId, source: "REVIEW", supersededAt: null }, take: 1 })) > 0;
}

/**
 * Whether the AI's judgment was on screen when this answer was given: in a blind queue only after
 * the server recorded a reveal or after an earlier answer of theirs (the answered item shows it).
 */
export async function sawAiJudgment(queue: QueueRecord, comparisonId: number, userId: string, hadAnswer: boolean, db: Db = prisma): Promise<boolean> {
  if (!(await hasAiJudgment(comparisonId, db))) return false;
  if (!queue.blindByDefault || hadAnswer) return true;
  return (await findReveal(queue.id, comparisonId, userId, db)) !== null;
}

/**
 * The open blind queues in which this reviewer still owes the pair an answer and has not asked to
 * see the AI's judgment: while there is one, verdicts and other people's answers stay hidden.
 */
export async function blindQueuesPending(comparisonId: number, userId: string): Promise<{ id: number; name: string }[]> {
  if (await hasCurrentAnswer(comparisonId, userId)) return [];
  const comparison = await prisma.comparison.findUnique({ where: { id: comparisonId }, select: { prompt: { select: { datasetId: true } } } });
  if (!comparison) return [];
  const queues = await prisma.reviewQueue.findMany({
    where: { datasetId: comparison.prompt.datasetId, blindByDefault: true, archivedAt: null, reveals: { none: { comparisonId, userId } } },
    select: QUEUE_SELECT,
    orderBy: { id: "asc" },
  });
  const pending: { id: number; name: string }[] = [];
  for (const row of queues) if (await inQueue(toQueueRecord(row), comparisonId)) pending.push({ id: row.id, name: row.name });
  return pending;
}

/** Of these comparisons, the ones the reviewer owes a blind answer (as blindQueuesPending, for a page of rows at once). */
export async function blindPendingAmong(ids: number[], userId: string): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const queues = await db
    .selectFrom("ReviewQueue as q")
    .select("q.id")
    .distinct()
    .where("q.blindByDefault", "=", true)
    .where("q.archivedAt", "is", null)
    .where("q.datasetId", "in", (eb) =>
      eb
        .selectFrom("Comparison as c")
        .innerJoin("Prompt as p", "p.id", "c.promptId")
        .select("p.datasetId")
        .where("c.id", "=", sql<number>`ANY(${ids}::int[])`),
    )
    .execute();
  if (queues.length === 0) return new Set();
  const rows = await prisma.reviewQueue.findMany({ where: { id: { in: queues.map((q) => q.id) } }, select: QUEUE_SELECT });
  const pending = new Set<number>();
  for (const row of rows) {
    const queue = toQueueRecord(row);
    const { rows: found } = await sql<{ id: number }>`
      SELECT i.id FROM (${queueItemsSql(queue)}) i
       WHERE i.id = ANY(${ids}::int[]) AND NOT ${answeredBySql(userId)}
         AND NOT EXISTS (SELECT 1 FROM "ReviewReveal" rv WHERE rv."queueId" = ${queue.id}::int AND rv."comparisonId" = i.id AND rv."userId" = ${userId})`.execute(db);
    for (const { id } of found) pending.add(id);
  }
  return pending;
}
