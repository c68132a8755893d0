import Link from "next/link";
import { Prerequisite } from "@/components/runs/runs-empty-state";
import { ScoreRunForm } from "@/components/scores/score-run-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { runKinds } from "@/lib/server/runs/kinds/registry";

export const dynamic = "force-dynamic";
export const metadata = { title: "New scoring run" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function NewScoreRunPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // a form for reviewers: anyone else is told which role it needs
  await requirePageUser("REVIEWER");
  const options = await runKinds.SCORE.formOptions();
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : undefined);
  const datasetId = one("dataset") ? parseRouteId(one("dataset")!) : undefined;
  const over = one("over") === "pairs" ? "pairs" : one("over") === "chains" ? "chains" : undefined;
  const scorable = options.datasets.filter((d) => d.chains > 0 || d.comparisons > 0);
  const ready = scorable.length > 0 && options.endpoints.length > 0;
  return (
    <>
      <PageHeader
        title="New scoring run"
        description={
          <>
            A preference model served over HTTP scores every response of a dataset&apos;s chains (initial answers and revisions) or of its pairs, one call each, through the same workers,
            retries and resume as other runs. The scores appear in the <Link href="/charts/pm-by-revision">PM-by-revision chart</Link> under their name. To score from labels instead, fit
            Bradley-Terry on the chart pages.
          </>
        }
      />
      {ready ? (
        <ScoreRunForm options={options} initial={{ datasetId: options.datasets.some((d) => d.id === datasetId) ? datasetId : undefined, over }} />
      ) : (
        <EmptyState title="Not ready to score yet">
          <p>A scoring run needs two things first:</p>
          <ul className="space-y-1">
            <Prerequisite done={scorable.length > 0}>
              a dataset with chains or pairs: <Link href="/import">import the paper&apos;s chains</Link>, <Link href="/runs/new">run SL-CAI</Link> or{" "}
              <Link href="/comparisons/new">make pairs</Link>
            </Prerequisite>
            <Prerequisite done={options.endpoints.length > 0}>
              a scoring endpoint (kind SCORER: vLLM serving a reward model, or any HTTP JSON scorer): add one in <Link href="/settings">Settings</Link>
            </Prerequisite>
          </ul>
        </EmptyState>
      )}
    </>
  );
}
