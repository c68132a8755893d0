import Link from "next/link";
import { SOURCE_LABELS } from "@/components/ui/label-format";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import type { ComparisonForViewer } from "@/lib/server/comparisons/for-viewer";
import { PrevNextNav } from "@/components/ui/prev-next-nav";
import { Judgment } from "./judgment";
import { ConversationAndResponses } from "./response-card";
import { VerdictOverview } from "./verdict-overview";

/**
 * A comparison read top to bottom: the conversation, the two responses side by side, the verdicts
 * with the human labels beside them, then each labeling run's labels principle by principle and
 * order by order. All model text is rendered as text, whitespace kept.
 */
export function ComparisonViewer({ comparison }: { comparison: ComparisonForViewer }) {
  const { prompt, scope } = comparison;
  const runParam = scope.kind === "run" ? `?run=${scope.run.id}` : "";
  const href = (id: number | null) => (id === null ? null : `/comparisons/${id}${runParam}`);
  const scopeText =
    scope.kind === "run"
      ? `${scope.run.kind === "LABEL" ? "comparisons judged by labeling run" : "pairs made by sampling run"} ${scope.run.name || `#${scope.run.id}`}`
      : `comparisons of dataset ${scope.dataset.name}`;
  return (
    <>
      <PageHeader
        title={`Comparison #${comparison.id}`}
        description={
          <div className="space-y-2 text-sm">
            <p>
              <Link href={`/prompts/${prompt.id}`}>Prompt #{prompt.id}</Link> in dataset <Link href={`/comparisons?dataset=${prompt.dataset.id}`}>{prompt.dataset.name}</Link> · source{" "}
              {SOURCE_LABELS[comparison.source]}
              {comparison.run && (
                <>
                  {" "}
                  · made by <Link href={`/runs/${comparison.run.id}`}>{comparison.run.name || `run #${comparison.run.id}`}</Link>
                </>
              )}
              {comparison.import && (
                <>
                  {" "}
                  · imported from <Link href={`/imports/${comparison.import.id}`}>{comparison.import.fileName}</Link>
                </>
              )}
              {scope.kind === "run" && (
                <>
                  {" "}
                  · in <Link href={`/runs/${scope.run.id}`}>{scope.run.name || `run #${scope.run.id}`}</Link>
                </>
              )}
            </p>
            <PrevNextNav previousHref={href(comparison.previousId)} nextHref={href(comparison.nextId)} scope={scopeText} noun="comparison" />
          </div>
        }
      />
      <div className="max-w-7xl">
        <ConversationAndResponses turns={prompt.turns} responses={comparison.responses} />
        {comparison.withheldFor.length > 0 ? (
          <Section title="Verdicts, AI labels and human labels" id="verdicts">
            <p role="status" className="rounded border border-dashed border-stone-300 bg-white px-4 py-3 text-stone-800">
              Hidden until you answer this pair in the blind review queue{" "}
              {comparison.withheldFor.map((queue, i) => (
                <span key={queue.id}>
                  {i > 0 && ", "}
                  <Link href={`/review/${queue.id}/${comparison.id}`}>{queue.name}</Link>
                </span>
              ))}
              , so they do not sway your answer.
            </p>
          </Section>
        ) : (
          <WithJudgments comparison={comparison} />
        )}
      </div>
    </>
  );
}

/** The verdicts beside the human labels, then every labeling run's labels. */
function WithJudgments({ comparison }: { comparison: ComparisonForViewer }) {
  const { prompt } = comparison;
  return (
    <>
      <Section title="Verdicts and human labels" id="verdicts">
        <VerdictOverview comparison={comparison} />
      </Section>
      <Section title={`AI labels (${comparison.judgments.length} ${comparison.judgments.length === 1 ? "labeling run" : "labeling runs"})`} id="labels">
        {comparison.judgments.length === 0 ? (
          <p className="text-stone-600">
            No AI labels yet. A labeling run judges the pair under preference principles from a constitution: <Link href={`/runs/new-label?dataset=${prompt.dataset.id}`}>start one</Link>.
          </p>
        ) : (
          <div className="space-y-6">
            {comparison.judgments.map((judgment) => (
              <Judgment key={judgment.run?.id ?? "none"} comparisonId={comparison.id} judgment={judgment} />
            ))}
          </div>
        )}
      </Section>
    </>
  );
}
