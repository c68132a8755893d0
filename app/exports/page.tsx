import Link from "next/link";
import { RoleOnly } from "@/components/auth/role-only";
import { ExportsTable } from "@/components/exports/exports-table";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listExports } from "@/lib/server/exports/definitions";
import { pgPool } from "@/lib/server/pg";

export const dynamic = "force-dynamic";
export const metadata = { title: "Exports" };

export default async function ExportsPage() {
  const rows = await listExports(pgPool());
  return (
    <>
      <PageHeader
        title="Exports"
        description="Curated training data to take away: SFT chat messages, preference pairs for reward models and DPO, and the Hugging Face H4 CAI layout, as JSONL, CSV or Parquet, each run with a manifest of what it took."
        actions={
          <RoleOnly min="REVIEWER">
            <LinkButton href="/exports/new">New export</LinkButton>
          </RoleOnly>
        }
      />
      {rows.length === 0 ? (
        <EmptyState
          title="No exports yet"
          action={
            <RoleOnly min="REVIEWER" otherwise={<p className="text-sm text-stone-600">A reviewer or an admin can define one.</p>}>
              <LinkButton href="/exports/new">Define an export</LinkButton>
            </RoleOnly>
          }
        >
          <p>
            An export is a saved definition: which chains or pairs to take (datasets, runs, constitution version, endpoint, principles, confidence, people&apos;s answers, answers to leave
            out) and how to write them. The form shows the count and the first rows as you choose; running it writes the files in the background, with a progress bar and then a download link
            for each file.
          </p>
          <p>
            It needs something to export first: <Link href="/import">import</Link> chains or preference pairs, or make them with an SL-CAI or labeling <Link href="/runs">run</Link>.
          </p>
        </EmptyState>
      ) : (
        <ExportsTable initial={rows} />
      )}
    </>
  );
}
