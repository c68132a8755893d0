import { MakePairsForm } from "@/components/comparisons/make-pairs-form";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { parseRouteId } from "@/lib/schemas/ids";
import { runFormOptions } from "@/lib/server/runs/queries";
import { requirePageUser } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Make pairs" };

export default async function MakePairsPage({ searchParams }: { searchParams: Promise<{ dataset?: string | string[] }> }) {
  // a form for reviewers: anyone else is told which role it needs
  await requirePageUser("REVIEWER");
  const options = await runFormOptions();
  const requested = (await searchParams).dataset;
  const datasetId = typeof requested === "string" ? parseRouteId(requested) : undefined;
  return (
    <>
      <PageHeader title="Make pairs" description="A comparison pairs two responses to one prompt, for a feedback model (a labeling run) or a person to judge which is better." />
      {options.datasets.length === 0 ? (
        <EmptyState title="No datasets yet" action={<LinkButton href="/import">Import a file</LinkButton>}>
          <p>Pairs are made from a dataset&apos;s chains or samples. Import prompts, the CAI paper&apos;s SL-CAI chains or RL samples first.</p>
        </EmptyState>
      ) : (
        <MakePairsForm datasets={options.datasets} endpoints={options.endpoints} initialDatasetId={options.datasets.some((d) => d.id === datasetId) ? datasetId : undefined} />
      )}
    </>
  );
}
