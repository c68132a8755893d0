import Link from "next/link";
import { notFound } from "next/navigation";
import { RunConfig } from "@/components/runs/run-config";
import { RunControls } from "@/components/runs/run-controls";
import { RunErrors } from "@/components/runs/run-errors";
import { RunItems } from "@/components/runs/run-items";
import { RunProgressPanel } from "@/components/runs/run-progress-panel";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { parseRouteId } from "@/lib/schemas/ids";
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
  const progress = await runProgress(run.id);
  return (
    <>
      <PageHeader
        title={run.name || `Run #${run.id}`}
        description={
          <p className="text-sm">
            <Link href="/runs">All runs</Link> · SL-CAI run #{run.id}
          </p>
        }
        actions={<RunControls initial={progress} />}
      />
      <div className="max-w-6xl">
        <Section title="Progress" id="progress">
          <RunProgressPanel initial={progress} />
        </Section>
        <Section title="Recent errors" id="errors">
          <RunErrors initial={progress} />
        </Section>
        <Section title="Chains" id="chains">
          <RunItems initial={progress} steps={run.config.revisions} caption="Chains of this run" />
        </Section>
        {progress.failed > 0 || progress.status !== "SUCCEEDED" ? (
          <Section title="Failed items" id="failed">
            <RunItems initial={progress} steps={run.config.revisions} status="FAILED" caption="Failed items" />
          </Section>
        ) : null}
        <Section title="Settings" id="settings">
          <RunConfig run={run} />
        </Section>
      </div>
    </>
  );
}
