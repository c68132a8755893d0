import Link from "next/link";
import { HumanLabels } from "@/components/comparisons/human-labels";
import { Judgment } from "@/components/comparisons/judgment";
import type { ReviewItemView } from "@/lib/server/review/item-view";
import { RevealButton } from "./reveal-button";

/** The AI's reasoning and probabilities and other people's answers, or, while blind, a way to ask for them. */
export function AiJudgment({ item, canReveal, walk }: { item: ReviewItemView; canReveal: boolean; walk: string }) {
  if (!item.aiShown) {
    return (
      <div className="rounded-lg border border-dashed border-stone-300 bg-white px-4 py-3 text-stone-800">
        <p>This queue is blind: the AI&apos;s judgment and other people&apos;s answers are hidden until you answer, so they do not sway you.</p>
        {canReveal && (
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <RevealButton queueId={item.queue.id} comparisonId={item.comparisonId} walk={walk} />
            <span className="text-sm text-stone-600">An answer given after this is recorded as having seen it.</span>
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-4">
      {item.judgments.length === 0 ? (
        <p className="text-stone-700">
          No AI labels on this pair{item.queue.labelRun ? "" : ": this queue is over a dataset's pairs, not a labeling run"}.{" "}
          <Link href={`/comparisons/${item.comparisonId}`}>Open the comparison</Link>.
        </p>
      ) : (
        item.judgments.map((judgment) => <Judgment key={judgment.run?.id ?? "none"} comparisonId={item.comparisonId} judgment={judgment} />)
      )}
      <section aria-label="Other people's answers">
        <h3 className="mb-1 font-semibold text-stone-900">Other people&apos;s answers</h3>
        <HumanLabels labels={item.otherLabels ?? []} />
      </section>
    </div>
  );
}
