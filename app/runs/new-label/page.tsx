import Link from "next/link";
import { LabelRunForm } from "@/components/labels/label-run-form";
import { RunsEmptyState } from "@/components/runs/runs-empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { COMPARISON_SOURCES } from "@/lib/schemas/comparisons";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { runKinds } from "@/lib/server/runs/kinds/registry";

export const dynamic = "force-dynamic";
export const metadata = { title: "New labeling run" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function NewLabelRunPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // a form for reviewers: anyone else is told which role it needs
  await requirePageUser("REVIEWER");
  const options = await runKinds.LABEL.formOptions();
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : undefined);
  const datasetId = one("dataset") ? parseRouteId(one("dataset")!) : undefined;
  const pairRunId = one("pairRun") ? parseRouteId(one("pairRun")!) : undefined;
  const source = COMPARISON_SOURCES.find((s) => s === one("source"));
  const have = {
    datasets: options.datasets.length,
    endpoints: options.endpoints.length,
    constitutions: options.versions.filter((v) => v.preference > 0).length,
  };
  const ready = have.datasets > 0 && have.endpoints > 0 && have.constitutions > 0;
  return (
    <>
      <PageHeader
        title="New labeling run"
        description={
          <>
            RL-CAI&apos;s AI feedback: for each pair, a feedback model answers a multiple-choice question (which response is better under a preference principle) and the label is the
            probability it gives (A), a soft label. Workers make the calls; the run page shows the label distribution and flip rates as they come in. Pairs come from{" "}
            <Link href="/comparisons">Comparisons</Link>.
          </>
        }
      />
      {ready ? (
        <LabelRunForm
          options={options}
          defaults={{
            datasetId: options.datasets.some((d) => d.id === datasetId) ? datasetId : undefined,
            source,
            pairRunId: options.sampleRuns.some((r) => r.id === pairRunId) ? pairRunId : undefined,
            unjudgedOnly: one("unjudged") === "true",
          }}
        />
      ) : (
        <RunsEmptyState
          have={have}
          title="Not ready to label yet"
          intro={<p>A labeling run judges comparison pairs with a feedback model, under the preference principles of a constitution.</p>}
          constitution={
            <>
              a constitution with preference principles (&quot;Studio default&quot; has 16): see <Link href="/constitutions">Constitutions</Link>
            </>
          }
        />
      )}
    </>
  );
}
