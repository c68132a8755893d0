import "server-only";
import { shownOrder, type ShownOrder } from "@/lib/cai/review-sides";
import type { AnswerRequest, HumanChoice, ItemFilter } from "@/lib/schemas/review";
import { recordAudit } from "../audit/record";
import { db, executeOn, prisma, queryOn } from "../db";
import { ConflictError, NotFoundError } from "../errors";
import { reviewQueueCompleteIfDone } from "../webhooks/events";
import { sawAiJudgment } from "./blind";
import { itemPlace } from "./neighbours";
import { inQueue } from "./progress";
import { findQueue } from "./queue-record";

// A reviewer's answer on one item. Nothing is lost: the answer is a new HumanLabel row beside the
// AI's labels; if the reviewer had a current answer on the pair, that row gets its supersededAt
// stamped in the same transaction (the only change ever made to a stored label) and the trail says
// label.change with both; a first answer is label.answer. The comparison row is locked (FOR NO KEY
// UPDATE: it does not hold up workers adding labels that point at it) while the current answer is
// read and replaced, so two submits at once queue up instead of both finding no current answer and
// leaving two. A submit equal to the current answer (a double click) changes nothing.
//
// The choice is in the comparison's own A/B terms whatever order it was shown in; the label keeps
// that order (shownOrder, drawn from the queue's seed) and sawAi, which the server works out from
// what it showed (blind.ts), so a client cannot record a blind answer after seeing the judgment.

export interface AnswerResult {
  label: { id: number; choice: HumanChoice; note: string | null; sawAi: boolean | null; shownOrder: ShownOrder | null; createdAt: string };
  /** the answer this one replaced */
  previous: { id: number; choice: HumanChoice; note: string | null; createdAt: string } | null;
  /** true when the submit repeated the current answer and nothing was written */
  unchanged: boolean;
  /** the next item of the list the reviewer walks, for moving on */
  nextId: number | null;
}

export async function answerItem(queueId: number, userId: string, answer: Omit<AnswerRequest, "note"> & { note?: string }, walk: ItemFilter): Promise<AnswerResult> {
  const queue = await findQueue(queueId);
  if (queue.archivedAt !== null) throw new ConflictError(`review queue "${queue.name}" is archived: it takes no more answers`);
  if (!(await inQueue(queue, answer.comparisonId))) throw NotFoundError.about("comparisonId", `comparison ${answer.comparisonId} is not in review queue ${queue.id}`);
  const note = answer.note ?? null;
  const order = shownOrder(queue.sideSeed, userId, answer.comparisonId);
  const result = await prisma.$transaction(async (tx) => {
    const locked = await queryOn(tx, db.selectFrom("Comparison").select("promptId").where("id", "=", answer.comparisonId).forNoKeyUpdate());
    if (locked.length === 0) throw NotFoundError.about("comparisonId", `there is no comparison ${answer.comparisonId}`);
    const current = await tx.humanLabel.findFirst({
      where: { comparisonId: answer.comparisonId, userId, source: "REVIEW", supersededAt: null },
      orderBy: { id: "desc" },
      select: { id: true, choice: true, note: true, sawAi: true, shownOrder: true, createdAt: true },
    });
    // a repeat of the current answer (a double click) is no new answer, whatever was seen since
    if (current && current.choice === answer.choice && current.note === note) {
      return { label: current, previous: null, unchanged: true };
    }
    const sawAi = await sawAiJudgment(queue, answer.comparisonId, userId, current !== null, tx);
    if (current) {
      await tx.humanLabel.updateMany({
        where: { comparisonId: answer.comparisonId, userId, source: "REVIEW", supersededAt: null },
        data: { supersededAt: new Date() },
      });
    }
    const label = await tx.humanLabel.create({
      data: { comparisonId: answer.comparisonId, userId, source: "REVIEW", choice: answer.choice, note, queueId: queue.id, sawAi, shownOrder: order },
      select: { id: true, choice: true, note: true, sawAi: true, shownOrder: true, createdAt: true },
    });
    const trail = (l: { id: number; choice: string; note: string | null; sawAi: boolean | null }) => ({ labelId: l.id, choice: l.choice, note: l.note, sawAi: l.sawAi });
    await recordAudit(tx, {
      userId,
      action: current ? "label.change" : "label.answer",
      entityType: "comparison",
      entityId: answer.comparisonId,
      before: current ? trail(current) : undefined,
      after: { ...trail(label), shownOrder: label.shownOrder, queueId: queue.id },
    });
    // the prompt's label counter counts a reviewer's answer once, however often it changes
    if (!current) {
      await executeOn(
        tx,
        db
          .updateTable("Prompt")
          .set((eb) => ({ labelCount: eb("labelCount", "+", 1) }))
          .where("id", "=", locked[0].promptId),
      );
    }
    return { label, previous: current, unchanged: false };
  });
  // after the commit, as reviewQueueCompleteIfDone explains; the answer is saved whatever it meets
  if (!result.unchanged) await reviewQueueCompleteIfDone(queue).catch((error: unknown) => console.error(`review queue ${queue.id}: the completion check for webhooks failed`, error));
  const place = await itemPlace(queue, answer.comparisonId, walk, userId);
  return {
    label: { ...result.label, createdAt: result.label.createdAt.toISOString() },
    previous: result.previous && { id: result.previous.id, choice: result.previous.choice, note: result.previous.note, createdAt: result.previous.createdAt.toISOString() },
    unchanged: result.unchanged,
    nextId: place.nextId,
  };
}
