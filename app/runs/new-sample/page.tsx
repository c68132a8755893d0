import { SampleRunForm } from "@/components/labels/sample-run-form";
import { RunsEmptyState } from "@/components/runs/runs-empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { runKinds } from "@/lib/server/runs/kinds/registry";

export const dynamic = "force-dynamic";
export const metadata = { title: "New sampling run" };

export default async function NewSampleRunPage({ searchParams }: { searchParams: Promise<{ dataset?: string | string[] }> }) {
  // a form for reviewers: anyone else is told which role it needs
  await requirePageUser("REVIEWER");
  const options = await runKinds.SAMPLE.formOptions();
  const requested = (await searchParams).dataset;
  const datasetId = typeof requested === "string" ? parseRouteId(requested) : undefined;
  const ready = options.datasets.length > 0 && options.endpoints.length > 0;
  return (
    <>
      <PageHeader
        title="New sampling run"
        description="Two fresh answers of an endpoint to each prompt, at a temperature above 0, made into one comparison pair per prompt: the RL-CAI way to get pairs for a labeling run."
      />
      {ready ? (
        <SampleRunForm datasets={options.datasets} endpoints={options.endpoints} initialDatasetId={options.datasets.some((d) => d.id === datasetId) ? datasetId : undefined} />
      ) : (
        <RunsEmptyState
          have={{ datasets: options.datasets.length, endpoints: options.endpoints.length, constitutions: 0 }}
          title="Not ready to sample yet"
          intro={<p>A sampling run asks an endpoint for two answers to each prompt of a dataset and pairs them, ready for a labeling run.</p>}
          constitution={null}
        />
      )}
    </>
  );
}
