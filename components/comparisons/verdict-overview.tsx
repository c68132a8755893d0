import Link from "next/link";
import { FlipBadge } from "@/components/labels/flip-badge";
import { METHOD_LABELS } from "@/components/ui/label-format";
import { ProbabilityBar } from "@/components/labels/probability-bar";
import type { ComparisonViewData } from "@/lib/server/comparisons/detail";
import { HumanLabels } from "./human-labels";

/** Every labeling run's verdict in one line each, with the human labels beside them. */
export function VerdictOverview({ comparison }: { comparison: ComparisonViewData }) {
  const judged = comparison.judgments.filter((j) => j.verdict);
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <section aria-label="AI verdicts" className="rounded-lg border border-stone-200 bg-white p-4">
        <h3 className="font-semibold text-stone-900">AI verdicts</h3>
        {judged.length === 0 ? (
          <p className="mt-1 text-stone-600">
            No labeling run has a verdict on this pair yet. <Link href={`/runs/new-label?dataset=${comparison.prompt.dataset.id}`}>Start a labeling run</Link> over its dataset.
          </p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {judged.map(({ run, verdict }) => (
              <li key={run?.id ?? "none"} className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="min-w-24">{run ? <Link href={`/runs/${run.id}`}>{run.name || `Run #${run.id}`}</Link> : "no run"}</span>
                <ProbabilityBar pA={verdict!.pAUsed} label={`P(A) used by ${run?.name || `run ${run?.id}`}`} compact />
                {verdict!.pAUsed !== verdict!.pA && <span className="text-stone-600 tabular-nums">raw {verdict!.pA.toFixed(3)}</span>}
                <span className="text-stone-600">
                  {METHOD_LABELS[verdict!.method]}
                  {verdict!.chainOfThought ? ", chain of thought" : ""}
                </span>
                {verdict!.flips > 0 && <FlipBadge count={verdict!.flips} of={verdict!.principles} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Human labels of this pair" className="rounded-lg border border-stone-200 bg-white p-4">
        <h3 className="font-semibold text-stone-900">Human labels</h3>
        <div className="mt-1 text-sm">
          <HumanLabels labels={comparison.humanLabels} />
        </div>
      </section>
    </div>
  );
}
