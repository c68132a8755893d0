import Link from "next/link";
import { notFound } from "next/navigation";
import { LabelRunView, SampleRunView } from "@/components/labels/run-views";
import { RunConfig } from "@/components/runs/run-config";
import { RunControls } from "@/components/runs/run-controls";
import { RunItems } from "@/components/runs/run-items";
import { RunProgressSections, showsFailedItems } from "@/components/runs/progress-sections";
import { ScoreRunSettings } from "@/components/scores/score-run-settings";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { parseRouteId } from "@/lib/schemas/ids";
import { labelRunSummary } from "@/lib/server/labels/summary";
import { runKinds } from "@/lib/server/runs/kinds/registry";
import { runProgress } from "@/lib/server/runs/progress";
import { findRunDetail } from "@/lib/server/runs/queries";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Run ${(await params).id}` };
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseRouteId((await params).id);
  const run = id === undefined ? null : await findRunDetail(id);
  if (!run) notFound();
  // the first frame of the live parts; the browser keeps them current from here
  const [progress, summary] = await Promise.all([runProgress(run.id), run.kind === "LABEL" ? labelRunSummary(run.id) : null]);
  return (
    <>
      <PageHeader
        title={run.name || `Run #${run.id}`}
        description={
          <p className="text-sm">
            <Link href="/runs">All runs</Link> · {runKinds[run.kind].label} #{run.id}
          </p>
        }
        actions={<RunControls initial={progress} cancelNote={runKinds[run.kind].cancelNote} />}
      />
      <div className="max-w-6xl">
        {run.kind === "LABEL" ? (
          summary && <LabelRunView run={run} progress={progress} summary={summary} />
        ) : run.kind === "SAMPLE" ? (
          <SampleRunView run={run} progress={progress} />
        ) : run.kind === "SCORE" ? (
          <>
            <RunProgressSections progress={progress} />
            <Section title="Settings" id="settings">
              <ScoreRunSettings run={run} />
            </Section>
          </>
        ) : (
          <>
            <RunProgressSections progress={progress} />
            <Section title="Chains" id="chains">
              <RunItems initial={progress} steps={run.config.revisions} caption="Chains of this run" />
            </Section>
            {showsFailedItems(progress) ? (
              <Section title="Failed items" id="failed">
                <RunItems initial={progress} steps={run.config.revisions} status="FAILED" caption="Failed items" />
              </Section>
            ) : null}
            <Section title="Settings" id="settings">
              <RunConfig run={run} />
            </Section>
          </>
        )}
      </div>
    </>
  );
}
