import { RunsEmptyState } from "@/components/runs/runs-empty-state";
import { RunsList } from "@/components/runs/runs-list";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listRuns, runFormOptions } from "@/lib/server/runs/queries";
import { RoleOnly } from "@/components/auth/role-only";

export const dynamic = "force-dynamic";
export const metadata = { title: "Runs" };

export default async function RunsPage() {
  const page = await listRuns();
  const options = page.rows.length === 0 ? await runFormOptions() : null;
  return (
    <>
      <PageHeader
        title="Runs"
        description="SL-CAI, sampling, labeling and scoring runs over your datasets: progress, retries and cost while they run, and the chains, pairs and labels they wrote."
        actions={
          <RoleOnly min="REVIEWER">
            <LinkButton href="/runs/new-sample" variant="secondary">
              New sampling run
            </LinkButton>
            <LinkButton href="/runs/new-label" variant="secondary">
              New labeling run
            </LinkButton>
            <LinkButton href="/runs/new-score" variant="secondary">
              New scoring run
            </LinkButton>
            <LinkButton href="/runs/new">New SL-CAI run</LinkButton>
          </RoleOnly>
        }
      />
      {options ? (
        <RunsEmptyState
          have={{
            datasets: options.datasets.length,
            endpoints: options.endpoints.length,
            constitutions: options.versions.filter((v) => v.principles > 0).length,
          }}
        />
      ) : (
        <RunsList initialPage={page} />
      )}
    </>
  );
}
