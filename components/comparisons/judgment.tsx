import Link from "next/link";
import type { ReactNode } from "react";
import { FlipBadge } from "@/components/labels/flip-badge";
import { formatProbability, METHOD_LABELS } from "@/components/ui/label-format";
import { ProbabilityBar } from "@/components/labels/probability-bar";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import type { RunStatus } from "@/components/runs/run-status";
import type { JudgmentView } from "@/lib/server/comparisons/detail";
import { PrincipleJudgment } from "./principle-judgment";

/** One labeling run's judgment of the pair: how it judged, its verdict, then each principle's labels. */
export function Judgment({ comparisonId, judgment }: { comparisonId: number; judgment: JudgmentView }) {
  const { run, settings, verdict } = judgment;
  const title = run ? `Labeling run ${run.name || `#${run.id}`}` : "Labels without a run";
  const clamp = settings?.chainOfThought ? settings.clamp : null;
  return (
    <article aria-label={title} className="rounded-lg border border-stone-300 bg-white">
      <header className="border-b border-stone-100 px-4 py-3">
        <h3 className="flex flex-wrap items-center gap-2 font-semibold text-stone-900">
          {run ? (
            <>
              Labeling run <Link href={`/runs/${run.id}`}>{run.name || `#${run.id}`}</Link>
              <RunStatusBadge status={run.status as RunStatus} />
            </>
          ) : (
            title
          )}
        </h3>
        <p className="text-sm text-stone-700">{describeSettings(judgment)}</p>
      </header>
      <div className="space-y-4 px-4 py-3">
        {verdict ? (
          <section aria-label={`Verdict of ${title}`}>
            <h4 className="flex flex-wrap items-center gap-2 font-semibold text-stone-900">
              Verdict
              {verdict.flips > 0 && <FlipBadge count={verdict.flips} of={verdict.principles} />}
            </h4>
            <dl className="mt-2 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
              <Item term="P(A), raw">
                <ProbabilityBar pA={verdict.pA} label="P(A) raw" />
              </Item>
              <Item term={verdict.chainOfThought ? "P(A), used (from clamped labels)" : "P(A), used"}>
                <ProbabilityBar pA={verdict.pAUsed} label="P(A) used" />
              </Item>
              <Item term="Flips">
                <span className="tabular-nums">
                  {verdict.flips} of {verdict.principles} {verdict.principles === 1 ? "principle" : "principles"}
                </span>
                {verdict.flips > 0 ? <span className="text-stone-600"> flipped with the order</span> : <span className="text-stone-600"> (orders agree)</span>}
              </Item>
              <Item term="Spread across principles">
                <span className="tabular-nums">{formatProbability(verdict.spread)}</span>
                <span className="text-stone-600"> (max − min of the principles&apos; P(A))</span>
              </Item>
              <Item term="Method">{METHOD_LABELS[verdict.method]}</Item>
              <Item term="Chain of thought">{verdict.chainOfThought ? `yes, clamped to [${clamp?.low ?? 0.4}, ${clamp?.high ?? 0.6}]` : "no"}</Item>
            </dl>
          </section>
        ) : (
          <p className="text-sm text-stone-700">
            No verdict yet: {judgment.labels} {judgment.labels === 1 ? "label is" : "labels are"} stored so far; the verdict is written when all of the pair&apos;s labels are in.
          </p>
        )}
        <section aria-label={`Labels of ${title}`}>
          <h4 className="font-semibold text-stone-900">
            Labels by principle ({judgment.principles.length} {judgment.principles.length === 1 ? "principle" : "principles"}, {judgment.labels} {judgment.labels === 1 ? "label" : "labels"})
          </h4>
          <ol className="mt-2 space-y-3">
            {judgment.principles.map((p) => (
              <PrincipleJudgment key={p.principle?.id ?? "none"} comparisonId={comparisonId} judgment={p} clamp={clamp} />
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-stone-600">{term}</dt>
      <dd className="text-stone-900">{children}</dd>
    </div>
  );
}

function describeSettings({ endpoint, settings }: JudgmentView): string {
  const parts: string[] = [];
  if (endpoint) parts.push(`judge ${endpoint.name} (${endpoint.model})`);
  if (settings) {
    const method = settings.method;
    if (method?.kind === "logprobs") parts.push("P(A) from the answer letters' log-probs");
    if (method?.kind === "sampled") parts.push(`fallback: ${method.k} sampled answers per label, frequencies`);
    if (method?.kind === "stated") parts.push("fallback: the model states a probability");
    if (settings.chainOfThought !== null) parts.push(settings.chainOfThought ? "chain of thought" : "no chain of thought");
    if (settings.bothOrders !== null) parts.push(settings.bothOrders ? "both orders" : "one order");
    if (settings.principlesPerPair !== null) parts.push(`${settings.principlesPerPair} ${settings.principlesPerPair === 1 ? "principle" : "principles"} per pair`);
    if (settings.fewShot) parts.push("few-shot");
  }
  return parts.join(" · ");
}
