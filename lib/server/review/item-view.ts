import "server-only";
import { sql } from "kysely";
import { shownOrder, sidesInOrder, type ShownOrder, type Side } from "@/lib/cai/review-sides";
import type { HumanChoice, ItemFilter, QueueProgress } from "@/lib/schemas/review";
import { findComparisonView, type ComparisonViewData, type JudgmentView } from "../comparisons/detail";
import { db, prisma } from "../db";
import { NotFoundError } from "../errors";
import { findReveal } from "./blind";
import { answerCountSql } from "./criteria";
import { itemPlace } from "./neighbours";
import { queueProgress } from "./progress";
import { publicQueue, type PublicQueue } from "./public-queue";
import { findQueue } from "./queue-record";

// One item of a queue on the review screen: the conversation and the two responses, the
// principles the pair is judged under, the reviewer's own answers (the current one and the ones it
// replaced), where the item stands in the queue and how far the queue is.
//
// Blind review is enforced here, not only hidden in the browser: while a reviewer who may answer
// has not answered a blind queue's item, nothing that tells which response came from where is in
// the answer: the two texts come alone, in the order drawn for this reviewer, without ids, origin,
// chain, run, producer or scores; the AI's judgments and other people's labels are left out too,
// unless the server recorded that they asked to see the AI's judgment (a reveal, see blind.ts).

export interface MyAnswer {
  id: number;
  choice: HumanChoice;
  note: string | null;
  sawAi: boolean | null;
  /** the order it was answered in (BA: response B was shown first) */
  shownOrder: "AB" | "BA" | null;
  queueId: number | null;
  createdAt: string;
  supersededAt: string | null;
}

/** One response as a blind reviewer sees it: its text and which side of the comparison it is. */
export interface ShownResponse {
  side: Side;
  text: string;
}

export interface ReviewItemView {
  queue: PublicQueue;
  comparisonId: number;
  prompt: ComparisonViewData["prompt"];
  /** the order this reviewer is shown the pair in (AB: response A first, on the left) */
  order: ShownOrder;
  /** the two texts in the order shown, and nothing else about them */
  shown: [ShownResponse, ShownResponse];
  /** how the pair was made; null while blind */
  source: ComparisonViewData["source"] | null;
  /** where each response came from (origin, chain, run, producer, scores); null while blind */
  responses: ComparisonViewData["responses"] | null;
  /** when the reviewer asked to see the AI's judgment before answering, if they did */
  revealedAt: string | null;
  /** the preference principles the pair was judged under (the question, not the AI's answer) */
  principles: { key: string; text: string | null; versionId: number }[];
  /** whether the AI's judgment is in this answer; false while a blind item is unanswered */
  aiShown: boolean;
  /** why it is hidden, when it is */
  aiHiddenReason: "blind" | null;
  /** the queue's labeling run first, then any other run's */
  judgments: JudgmentView[];
  /** people's labels other than the reviewer's own (imported crowdworker labels too); null while hidden */
  otherLabels: ComparisonViewData["humanLabels"] | null;
  /** the reviewer's own review answers on this pair, newest first; the first is current unless superseded */
  myAnswers: MyAnswer[];
  /** different reviewers with a current answer other than skip, and whether that makes N */
  answers: number;
  complete: boolean;
  position: number;
  previousId: number | null;
  nextId: number | null;
  progress: QueueProgress;
}

export async function reviewItem(queueId: number, comparisonId: number, viewer: { userId: string; canAnswer: boolean }, options: ItemFilter): Promise<ReviewItemView> {
  const queue = await findQueue(queueId);
  // the place first: it answers 404 for a comparison that is not in the queue
  const place = await itemPlace(queue, comparisonId, options, viewer.userId);
  const [view, mine, answers, progress, revealed] = await Promise.all([
    findComparisonView(comparisonId, { run: queue.labelRunId ?? undefined }),
    prisma.humanLabel.findMany({
      where: { comparisonId, userId: viewer.userId, source: "REVIEW" },
      orderBy: { id: "desc" },
      select: { id: true, choice: true, note: true, sawAi: true, shownOrder: true, queueId: true, createdAt: true, supersededAt: true },
    }),
    currentAnswerCount(comparisonId),
    queueProgress(queue, viewer.userId),
    findReveal(queue.id, comparisonId, viewer.userId),
  ]);
  if (!view) throw new NotFoundError(`there is no comparison ${comparisonId}`);
  const answered = mine.some((label) => label.supersededAt === null);
  const blindNow = queue.blindByDefault && viewer.canAnswer && !answered && revealed === null;
  const order = shownOrder(queue.sideSeed, viewer.userId, comparisonId);
  const shown = sidesInOrder(order).map((side) => ({ side, text: view.responses[side].text })) as ReviewItemView["shown"];
  const judgments = view.judgments.toSorted((a, b) => Number(b.run?.id === queue.labelRunId) - Number(a.run?.id === queue.labelRunId));
  return {
    queue: await publicQueue(queue),
    comparisonId,
    prompt: view.prompt,
    order,
    shown,
    source: blindNow ? null : view.source,
    responses: blindNow ? null : view.responses,
    revealedAt: revealed?.toISOString() ?? null,
    principles: principlesOf(judgments),
    aiShown: !blindNow,
    aiHiddenReason: blindNow ? "blind" : null,
    judgments: blindNow ? [] : judgments,
    otherLabels: blindNow ? null : view.humanLabels.filter((label) => !mine.some((own) => own.id === label.id)),
    myAnswers: mine.map((label) => ({ ...label, createdAt: label.createdAt.toISOString(), supersededAt: label.supersededAt?.toISOString() ?? null })),
    answers,
    complete: answers >= queue.reviewersPerItem,
    ...place,
    progress,
  };
}

async function currentAnswerCount(comparisonId: number): Promise<number> {
  const {
    rows: [row],
  } = await sql<{ n: number }>`SELECT ${answerCountSql(sql`${comparisonId}::int`)} AS n`.execute(db);
  return row.n;
}

/** The principles of the first judgment that has any (the queue's run comes first). */
function principlesOf(judgments: JudgmentView[]): ReviewItemView["principles"] {
  const judged = judgments.find((judgment) => judgment.principles.some((p) => p.principle));
  return (judged?.principles ?? []).flatMap((p) => (p.principle ? [{ key: p.principle.key, text: p.principle.text, versionId: p.principle.versionId }] : []));
}
