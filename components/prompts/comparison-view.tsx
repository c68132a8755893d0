import Link from "next/link";
import { HumanLabels } from "@/components/comparisons/human-labels";
import { FlipBadge } from "@/components/labels/flip-badge";
import { SOURCE_LABELS } from "@/components/ui/label-format";
import { ProbabilityBar } from "@/components/labels/probability-bar";
import { TextBlock } from "@/components/ui/text-block";
import type { ComparisonDetail, ResponseDetail } from "@/lib/server/prompts/detail";

/** A comparison on its prompt's page: the two responses, each labeling run's verdict, the human labels. */
export function ComparisonView({ comparison, responses }: { comparison: ComparisonDetail; responses: Map<number, ResponseDetail> }) {
  const sides = [
    ["A", comparison.responseAId],
    ["B", comparison.responseBId],
  ] as const;
  return (
    <article id={`comparison-${comparison.id}`} aria-labelledby={`comparison-${comparison.id}-title`} className="rounded-lg border border-stone-200 bg-white">
      <header className="border-b border-stone-100 px-4 py-3">
        <h3 id={`comparison-${comparison.id}-title`} className="font-semibold">
          Comparison #{comparison.id} <span className="font-normal text-stone-600">· source {SOURCE_LABELS[comparison.source]}</span>
          {comparison.aiVerdicts.some((v) => v.flips > 0) && <span className="ml-2 rounded bg-amber-100 px-1.5 text-sm text-amber-950">the judge flipped with the order</span>}
        </h3>
        <p className="text-sm">
          <Link href={`/comparisons/${comparison.id}`}>Open comparison #{comparison.id} in the comparison viewer</Link>
          <span className="text-stone-600"> (each label&apos;s reasoning, log-probs and both orders)</span>
        </p>
      </header>
      <div className="grid gap-4 px-4 py-3 md:grid-cols-2">
        {sides.map(([side, responseId]) => (
          <div key={side}>
            <h4 className="text-sm font-semibold text-stone-700">
              Response {side}{" "}
              <Link href={`#response-${responseId}`} className="font-normal">
                #{responseId}
              </Link>
            </h4>
            <TextBlock text={responses.get(responseId)?.text ?? "missing"} />
          </div>
        ))}
      </div>
      <div className="grid gap-4 border-t border-stone-100 px-4 py-3 text-sm md:grid-cols-2">
        <Verdicts comparison={comparison} />
        <div>
          <h4 className="font-semibold">Human labels</h4>
          <HumanLabels labels={comparison.humanLabels} />
        </div>
      </div>
    </article>
  );
}

function Verdicts({ comparison }: { comparison: ComparisonDetail }) {
  const labels = comparison.aiLabels.length;
  return (
    <div>
      <h4 className="font-semibold">AI verdicts</h4>
      {comparison.aiVerdicts.length === 0 ? (
        <p className="text-stone-600">{labels > 0 ? `No verdict yet (${labels} ${labels === 1 ? "label" : "labels"} so far).` : "Not judged by a labeling run yet."}</p>
      ) : (
        <ul className="mt-1 space-y-1">
          {comparison.aiVerdicts.map((verdict) => (
            <li key={verdict.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <Link href={`/comparisons/${comparison.id}?run=${verdict.runId}`}>run #{verdict.runId}</Link>
              <ProbabilityBar pA={verdict.pAUsed} label={`P(A) of run ${verdict.runId}`} compact />
              {verdict.pAUsed !== verdict.pA && <span className="text-stone-600 tabular-nums">raw {verdict.pA.toFixed(3)}</span>}
              <span className="text-stone-600">
                {verdict.principles} {verdict.principles === 1 ? "principle" : "principles"}
                {verdict.chainOfThought ? ", chain of thought" : ""}
              </span>
              {verdict.flips > 0 && <FlipBadge count={verdict.flips} of={verdict.principles} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
