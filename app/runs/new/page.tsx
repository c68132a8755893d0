import { RunsEmptyState } from "@/components/runs/runs-empty-state";
import { NewRunForm } from "@/components/runs/form/new-run-form";
import { PageHeader } from "@/components/ui/page-header";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { runKinds } from "@/lib/server/runs/kinds/registry";

export const dynamic = "force-dynamic";
export const metadata = { title: "New SL-CAI run" };

export default async function NewRunPage({ searchParams }: { searchParams: Promise<{ dataset?: string | string[] }> }) {
  // a form for reviewers: anyone else is told which role it needs
  await requirePageUser("REVIEWER");
  const options = await runKinds.SL_CAI.formOptions();
  const requested = (await searchParams).dataset;
  const datasetId = typeof requested === "string" ? parseRouteId(requested) : undefined;
  const have = {
    datasets: options.datasets.length,
    endpoints: options.endpoints.length,
    constitutions: options.versions.filter((v) => v.principles > 0).length,
  };
  const ready = have.datasets > 0 && have.endpoints > 0 && have.constitutions > 0;
  return (
    <>
      <PageHeader
        title="New SL-CAI run"
        description="For each prompt: an initial answer, then N rounds of critique and revision, each under a principle of the constitution. Workers make the calls; the run page shows progress as they go."
      />
      {ready ? (
        <NewRunForm options={options} initialDatasetId={options.datasets.some((d) => d.id === datasetId) ? datasetId : undefined} />
      ) : (
        <RunsEmptyState have={have} title="Not ready to run yet" />
      )}
    </>
  );
}
