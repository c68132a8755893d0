import type { ReactNode } from "react";
import { formatLogprob, formatProbability, METHOD_LABELS } from "@/components/ui/label-format";
import { ProbabilityBar } from "@/components/labels/probability-bar";
import { TextBlock } from "@/components/ui/text-block";
import type { LabelView } from "@/lib/server/comparisons/detail";
import { LabelCalls } from "./label-calls";

// One judgment of the pair in one order. The letters are the options as shown: in order (B, A)
// option (A) is response B, so its log-prob is response B's; P(A) is always un-swapped back to
// "response A is better" so the two orders can be compared directly.

export function OrderLabel({ comparisonId, label, clamp }: { comparisonId: number; label: LabelView; clamp: { low: number; high: number } | null }) {
  const shownFirst = label.order === "AB" ? "A" : "B";
  const shownSecond = label.order === "AB" ? "B" : "A";
  const title = label.order === "AB" ? "Order (A, B)" : "Order (B, A)";
  const callIds = [label.reasoningCallId, label.llmCallId].filter((id): id is number => id !== null);
  const rows: [string, ReactNode][] = [
    ["P(A) in this order", <ProbabilityBar key="p" pA={label.pA} label={`P(A), ${title}`} />],
    [
      "P(option (A))",
      <span key="first" className="tabular-nums">
        {formatProbability(label.pFirst)} <span className="text-stone-600">(option (A) is response {shownFirst})</span>
      </span>,
    ],
  ];
  if (label.method === "LOGPROBS" || label.logprobA !== null || label.logprobB !== null) {
    rows.push(
      [
        `log-prob of letter A (response ${shownFirst})`,
        <span key="la" className="tabular-nums">
          {formatLogprob(label.logprobA)}
        </span>,
      ],
      [
        `log-prob of letter B (response ${shownSecond})`,
        <span key="lb" className="tabular-nums">
          {formatLogprob(label.logprobB)}
        </span>,
      ],
    );
  }
  if (label.pAClamped !== null) {
    rows.push([
      "Clamped P(A)",
      <span key="c" className="tabular-nums">
        {formatProbability(label.pAClamped)}
        {clamp && (
          <span className="text-stone-600">
            {" "}
            (to [{clamp.low}, {clamp.high}])
          </span>
        )}
        {label.pAClamped !== label.pA && <span className="text-stone-600"> · raw {formatProbability(label.pA)}</span>}
      </span>,
    ]);
  } else {
    rows.push([
      "Clamped P(A)",
      <span key="c" className="text-stone-600">
        not clamped (no chain of thought)
      </span>,
    ]);
  }
  if (label.samples !== null)
    rows.push([
      "Samples (k)",
      <span key="k" className="tabular-nums">
        {label.samples}
      </span>,
    ]);
  rows.push([
    "Method",
    <span key="m">
      {METHOD_LABELS[label.method]}
      {label.method === "SAMPLED" && <span className="text-stone-600"> · the share of {label.samples ?? "k"} answers at temperature 1 that chose each letter, not a log-prob</span>}
      {label.method === "STATED" && <span className="text-stone-600"> · the number the model wrote, not a log-prob</span>}
    </span>,
  ]);

  return (
    <section aria-label={title} className="min-w-0 rounded-md border border-stone-200 bg-white p-3">
      <h5 className="font-semibold text-stone-900">
        {title} <span className="font-normal text-stone-600">· response {shownFirst} shown first</span>
      </h5>
      <dl className="mt-2 grid grid-cols-[minmax(9rem,auto)_1fr] gap-x-3 gap-y-1 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-stone-600">{term}</dt>
            <dd className="text-stone-900">{value}</dd>
          </div>
        ))}
      </dl>
      {label.bounded && (
        <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-sm text-amber-950">
          Bounded: one letter was missing from the top log-probs, so its log-prob (the lower one) is an upper bound, the smallest listed value; the true P is more extreme than shown.
        </p>
      )}
      {label.reasoning !== null && (
        <div className="mt-3">
          <h6 className="text-xs font-semibold tracking-wide text-stone-500 uppercase">Reasoning (chain of thought)</h6>
          <TextBlock text={label.reasoning} className="mt-1 border-l-4 border-stone-300 pl-3 text-stone-900" />
        </div>
      )}
      <div className="mt-3">
        <LabelCalls comparisonId={comparisonId} prompt={label.prompt} callIds={callIds} label={`Exact prompt and reply, ${title}`} />
      </div>
    </section>
  );
}
