import { Section } from "@/components/ui/section";
import type { RunProgress } from "@/lib/schemas/runs";
import { RunErrors } from "./run-errors";
import { RunProgressPanel } from "./run-progress-panel";

/** The first two sections of every run's page: live progress, then the recent errors by kind. */
export function RunProgressSections({ progress, unit }: { progress: RunProgress; unit?: string }) {
  return (
    <>
      <Section title="Progress" id="progress">
        <RunProgressPanel initial={progress} unit={unit} />
      </Section>
      <Section title="Recent errors" id="errors">
        <RunErrors initial={progress} />
      </Section>
    </>
  );
}

/** Whether a run's page lists its failed items: while it runs, or when some failed. */
export function showsFailedItems(progress: RunProgress): boolean {
  return progress.failed > 0 || progress.status !== "SUCCEEDED";
}
