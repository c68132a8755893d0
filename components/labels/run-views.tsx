import { RunProgressSections, showsFailedItems } from "@/components/runs/progress-sections";
import { LinkButton } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import type { LabelRunSummary as Summary } from "@/lib/schemas/labels";
import type { RunProgress } from "@/lib/schemas/runs";
import type { RunDetailOf } from "@/lib/server/runs/queries";
import { LabelRunSummary } from "./label-run-summary";
import { RunPairsTable } from "./run-pairs-table";
import { LabelRunSettings, SampleRunSettings } from "./run-settings";

// The body of the run page for the RL-CAI kinds of run. The header, the controls and the progress
// are the same for every kind; what a run made differs: a labeling run's verdicts and their
// summary, a sampling run's pairs.

export function LabelRunView({ run, progress, summary }: { run: RunDetailOf<"LABEL">; progress: RunProgress; summary: Summary }) {
  const { config } = run;
  return (
    <>
      <RunProgressSections progress={progress} unit="pairs" />
      <Section title="Summary" id="summary">
        <LabelRunSummary initialProgress={progress} initial={summary} chainOfThought={config.chainOfThought} bothOrders={config.bothOrders} />
      </Section>
      <Section
        title="Comparisons"
        id="comparisons"
        actions={
          <div className="flex gap-2">
            <LinkButton href={`/review?labelRun=${run.id}`} variant="secondary">
              Review this run
            </LinkButton>
            <LinkButton href={`/comparisons?run=${run.id}`} variant="secondary">
              Open in Comparisons
            </LinkButton>
          </div>
        }
      >
        <RunPairsTable initial={progress} caption="Comparisons of this run" />
      </Section>
      <FailedPairs progress={progress} />
      <Section title="Settings" id="settings">
        <LabelRunSettings run={run} />
      </Section>
    </>
  );
}

export function SampleRunView({ run, progress }: { run: RunDetailOf<"SAMPLE">; progress: RunProgress }) {
  const label = run.dataset ? `/runs/new-label?dataset=${run.dataset.id}&pairRun=${run.id}` : "/runs/new-label";
  return (
    <>
      <RunProgressSections progress={progress} />
      <Section
        title="Pairs made"
        id="pairs"
        actions={
          <LinkButton href={label} variant="secondary">
            Label these pairs
          </LinkButton>
        }
      >
        <RunPairsTable initial={progress} caption="Pairs made by this run" />
      </Section>
      <FailedPairs progress={progress} />
      <Section title="Settings" id="settings">
        <SampleRunSettings run={run} />
      </Section>
    </>
  );
}

function FailedPairs({ progress }: { progress: RunProgress }) {
  if (!showsFailedItems(progress)) return null;
  return (
    <Section title="Failed items" id="failed">
      <RunPairsTable initial={progress} status="FAILED" caption="Failed items" />
    </Section>
  );
}
