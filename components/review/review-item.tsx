import Link from "next/link";
import { ResponseProvenance } from "@/components/comparisons/response-card";
import { Conversation } from "@/components/prompts/conversation";
import { PageHeader } from "@/components/ui/page-header";
import { PrevNextNav } from "@/components/ui/prev-next-nav";
import { Section } from "@/components/ui/section";
import { TextBlock } from "@/components/ui/text-block";
import type { ReviewItemView } from "@/lib/server/review/item-view";
import { AiJudgment } from "./ai-judgment";
import { AnswerPanel } from "./answer-panel";
import { MyAnswers } from "./my-answers";
import { choiceWords, positionNames } from "./review-keys";

/**
 * One item of a review queue: where it stands, the conversation, the two responses side by side in
 * the order drawn for this reviewer (model text as text, whitespace kept), the answer buttons for
 * those who may answer, the reviewer's answers, and the AI's judgment unless the queue is blind and
 * the item unanswered. While blind the page holds the two texts and nothing about where they came
 * from: the server left it out (item-view.ts).
 */
export function ReviewItem({ item, walk, canAnswer }: { item: ReviewItemView; walk: string; canAnswer: boolean }) {
  const { queue, progress } = item;
  const href = (id: number | null) => (id === null ? null : `/review/${queue.id}/${id}${walk ? `?${walk}` : ""}`);
  const current = item.myAnswers.find((answer) => answer.supersededAt === null) ?? null;
  const answering = canAnswer && !queue.archived;
  return (
    <>
      <PageHeader
        title={`Review: comparison #${item.comparisonId}`}
        description={
          <div className="space-y-2 text-sm">
            <p>
              Queue <Link href={`/review/${queue.id}${walk ? `?${walk}` : ""}`}>{queue.name}</Link> · {queue.description} · {queue.reviewersPerItem}{" "}
              {queue.reviewersPerItem === 1 ? "reviewer" : "reviewers"} per item
              {item.responses && (
                <>
                  {" "}
                  · <Link href={`/comparisons/${item.comparisonId}`}>comparison viewer</Link>
                </>
              )}
            </p>
            <p aria-label="Where this item stands" className="font-medium text-stone-900">
              Item {item.position} of {progress.total} · done {progress.done}/{progress.total} · you answered {progress.mine} · this item {item.answers}/{queue.reviewersPerItem}{" "}
              {item.complete ? "(complete)" : ""}
            </p>
            <PrevNextNav previousHref={href(item.previousId)} nextHref={href(item.nextId)} scope="in the list you walk" noun="item" />
          </div>
        }
      />
      <div className="max-w-7xl">
        <Section title="Conversation" id="conversation">
          <div className="max-w-5xl">
            <Conversation turns={item.prompt.turns} />
          </div>
        </Section>
        <Section title="Responses side by side" id="responses">
          <div className="grid gap-4 md:grid-cols-2">
            {item.shown.map((shown, i) => (
              <ShownResponseCard key={shown.side} name={positionNames(queue.sidesRandomised)[i]} item={item} side={shown.side} text={shown.text} />
            ))}
          </div>
          {item.principles.length > 0 && (
            <div className="mt-3 text-sm text-stone-800">
              <span className="font-medium">Judged under:</span>
              {item.principles.map((p) => (
                <TextBlock key={p.key} text={p.text ?? p.key} className="text-stone-700" />
              ))}
            </div>
          )}
        </Section>
        <Section title={current ? `Your answer: ${choiceWords(current.choice, item.order, queue.sidesRandomised)}` : "Your answer"} id="answer">
          <div className="space-y-3">
            {answering ? (
              <AnswerPanel
                queueId={queue.id}
                comparisonId={item.comparisonId}
                walk={walk}
                sawAi={item.aiShown && item.judgments.length > 0}
                current={current?.choice ?? null}
                order={item.order}
                randomised={queue.sidesRandomised}
              />
            ) : (
              <p className="rounded bg-stone-100 px-3 py-2 text-stone-800">
                {canAnswer ? "This queue is archived: it takes no more answers." : "Read only: reviewers answer here. You can read the pair and the AI's judgment."}
              </p>
            )}
            <EndOfList item={item} />
            <div>
              <h3 className="mb-1 font-semibold text-stone-900">Your answers on this pair</h3>
              <MyAnswers answers={item.myAnswers} />
            </div>
          </div>
        </Section>
        <Section title="AI judgment" id="ai">
          <AiJudgment item={item} canReveal={answering} walk={walk} />
        </Section>
      </div>
    </>
  );
}

/** One response as shown; once the reviewer has answered (or asked), which side it is and where it came from. */
function ShownResponseCard({ name, item, side, text }: { name: string; item: ReviewItemView; side: "A" | "B"; text: string }) {
  const response = item.responses?.[side];
  return (
    <section aria-label={`Response ${name}`} className="flex min-w-0 flex-col rounded-lg border border-stone-200 bg-white">
      <header className="border-b border-stone-100 px-4 py-2">
        <h3 className="font-semibold text-stone-900">
          Response {name}
          {response && name !== side && <span className="font-normal text-stone-700"> · the comparison&apos;s response {side}</span>}
          {response && <span className="font-normal text-stone-500"> #{response.id}</span>}
        </h3>
        {response && <ResponseProvenance response={response} />}
      </header>
      <TextBlock text={text.trim()} className="px-4 py-3 text-stone-900" />
    </section>
  );
}

/** What to do when the list the reviewer walks has nothing after this item. */
function EndOfList({ item }: { item: ReviewItemView }) {
  const answered = item.myAnswers.some((answer) => answer.supersededAt === null);
  if (item.nextId !== null || !answered) return null;
  const { done, total } = item.progress;
  return (
    <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-green-950">
      {done === total
        ? `The queue is done: all ${total} items have ${item.queue.reviewersPerItem} ${item.queue.reviewersPerItem === 1 ? "answer" : "answers"}.`
        : `No more items after this one in this list. ${total - done} of ${total} items still need answers from other reviewers.`}{" "}
      <Link href={`/review/${item.queue.id}`}>Back to the queue</Link>
    </p>
  );
}
