import "server-only";
import type { HumanChoice, ItemFilter, QueueProgress } from "@/lib/schemas/review";
import { findComparisonView, type ComparisonViewData, type JudgmentView } from "../comparisons/detail";
import { prisma } from "../db";
import { NotFoundError } from "../errors";
import { itemPlace } from "./neighbours";
import { queueProgress } from "./progress";
import { publicQueue, type PublicQueue } from "./public-queue";
import { findQueue } from "./queue-record";

// One item of a queue on the review screen: the conversation and the two responses, the
// principles the pair is judged under, the reviewer's own answers (the current one and the ones it
// replaced), where the item stands in the queue and how far the queue is.
//
// Blind review is enforced here, not only hidden in the browser: while a reviewer who may answer
// has not answered a blind queue's item, the AI's judgments and other people's labels are left out
// of the answer unless they asked to see the AI's judgment (`reveal`), which their answer then
// records as sawAi.

export interface MyAnswer {
  id: number;
  choice: HumanChoice;
  note: string | null;
  sawAi: boolean | null;
  queueId: number | null;
  createdAt: string;
  supersededAt: string | null;
}

export interface ReviewItemView {
  queue: PublicQueue;
  comparisonId: number;
  prompt: ComparisonViewData["prompt"];
  source: ComparisonViewData["source"];
  responses: ComparisonViewData["responses"];
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

export async function reviewItem(
  queueId: number,
  comparisonId: number,
  viewer: { userId: string; canAnswer: boolean },
  options: ItemFilter & { reveal: boolean },
): Promise<ReviewItemView> {
  const queue = await findQueue(queueId);
  // the place first: it answers 404 for a comparison that is not in the queue
  const place = await itemPlace(queue, comparisonId, options, viewer.userId);
  const [view, mine, answers, progress] = await Promise.all([
    findComparisonView(comparisonId, { run: queue.labelRunId ?? undefined }),
    prisma.humanLabel.findMany({
      where: { comparisonId, userId: viewer.userId, source: "REVIEW" },
      orderBy: { id: "desc" },
      select: { id: true, choice: true, note: true, sawAi: true, queueId: true, createdAt: true, supersededAt: true },
    }),
    currentAnswerCount(comparisonId),
    queueProgress(queue, viewer.userId),
  ]);
  if (!view) throw new NotFoundError(`there is no comparison ${comparisonId}`);
  const answered = mine.some((label) => label.supersededAt === null);
  const blindNow = queue.blindByDefault && viewer.canAnswer && !answered && !options.reveal;
  const judgments = view.judgments.toSorted((a, b) => Number(b.run?.id === queue.labelRunId) - Number(a.run?.id === queue.labelRunId));
  return {
    queue: await publicQueue(queue),
    comparisonId,
    prompt: view.prompt,
    source: view.source,
    responses: view.responses,
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
  const [row] = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(DISTINCT h."userId")::int AS n FROM "HumanLabel" h
     WHERE h."comparisonId" = ${comparisonId}::int AND h."userId" IS NOT NULL AND h.source = 'REVIEW' AND h."supersededAt" IS NULL AND h.choice <> 'SKIP'`;
  return row.n;
}

/** The principles of the first judgment that has any (the queue's run comes first). */
function principlesOf(judgments: JudgmentView[]): ReviewItemView["principles"] {
  const judged = judgments.find((judgment) => judgment.principles.some((p) => p.principle));
  return (judged?.principles ?? []).flatMap((p) => (p.principle ? [{ key: p.principle.key, text: p.principle.text, versionId: p.principle.versionId }] : []));
}
