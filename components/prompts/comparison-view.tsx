import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { TextBlock } from "@/components/ui/text-block";
import type { ComparisonDetail, ResponseDetail } from "@/lib/server/prompts/detail";

export function ComparisonView({ comparison, responses }: { comparison: ComparisonDetail; responses: Map<number, ResponseDetail> }) {
  const sides = [
    ["A", comparison.responseAId],
    ["B", comparison.responseBId],
  ] as const;
  return (
    <article id={`comparison-${comparison.id}`} aria-labelledby={`comparison-${comparison.id}-title`} className="rounded-lg border border-stone-200 bg-white">
      <header className="border-b border-stone-100 px-4 py-3">
        <h3 id={`comparison-${comparison.id}-title`} className="font-semibold">
          Comparison #{comparison.id} <span className="font-normal text-stone-600">· source {comparison.source.toLowerCase()}</span>
          {comparison.aiVerdicts.some((v) => v.flips > 0) && (
            <span className="ml-2 rounded bg-amber-100 px-1.5 text-sm text-amber-950">the judge flipped with the order</span>
          )}
        </h3>
      </header>
      <div className="grid gap-4 px-4 py-3 md:grid-cols-2">
        {sides.map(([side, responseId]) => (
          <div key={side}>
            <h4 className="text-sm font-semibold text-stone-700">
              Response {side} <Link href={`#response-${responseId}`} className="font-normal">#{responseId}</Link>
            </h4>
            <TextBlock text={responses.get(responseId)?.text ?? "missing"} />
          </div>
        ))}
      </div>
      <div className="space-y-3 border-t border-stone-100 px-4 py-3 text-sm">
        <HumanLabels labels={comparison.humanLabels} />
        <AiLabels labels={comparison.aiLabels} />
      </div>
    </article>
  );
}

function HumanLabels({ labels }: { labels: ComparisonDetail["humanLabels"] }) {
  if (labels.length === 0) return <p className="text-stone-500">No human labels.</p>;
  return (
    <div>
      <h4 className="font-semibold">Human labels</h4>
      <ul className="mt-1 space-y-1">
        {labels.map((label) => (
          <li key={label.id} className={label.supersededAt ? "text-stone-400 line-through" : ""}>
            <span className="font-medium">{choiceText(label.choice)}</span> · {label.source === "IMPORTED" ? `imported from ${label.sourceName ?? "a file"}` : `reviewed by ${label.user?.name ?? label.user?.email ?? "someone"}`}{" "}
            · {formatDateTime(label.createdAt)}
            {label.note && <TextBlock text={label.note} className="text-stone-700" />}
          </li>
        ))}
      </ul>
    </div>
  );
}

function AiLabels({ labels }: { labels: ComparisonDetail["aiLabels"] }) {
  if (labels.length === 0) return null;
  return (
    <div>
      <h4 className="font-semibold">AI labels</h4>
      <ul className="mt-1 space-y-2">
        {labels.map((label) => (
          <li key={label.id}>
            P(A) = <span className="tabular-nums">{label.pA.toFixed(3)}</span>
            {label.pAClamped !== null && <> (clamped {label.pAClamped.toFixed(3)})</>} · order {label.order} · {label.method.toLowerCase()}
            {label.principle && (
              <>
                {" "}· principle <Link href={`/constitutions/versions/${label.principle.versionId}#preference-${encodeURIComponent(label.principle.key)}`}>{label.principle.key}</Link>
              </>
            )}
            {label.reasoning && <TextBlock text={label.reasoning} className="mt-1 text-stone-700" />}
          </li>
        ))}
      </ul>
    </div>
  );
}

function choiceText(choice: string): string {
  if (choice === "A" || choice === "B") return `prefers ${choice}`;
  return choice.toLowerCase();
}
