import { DatasetTable } from "@/components/datasets/dataset-table";
import { ImportHistory } from "@/components/imports/import-history";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { datasetDeepCounts, listDatasets, recentImports } from "@/lib/server/datasets/queries";
import { RoleOnly } from "@/components/auth/role-only";

export const dynamic = "force-dynamic";
export const metadata = { title: "Datasets" };

export default async function DatasetsPage() {
  const [datasets, imports] = await Promise.all([listDatasets(), recentImports()]);
  // not awaited: the slow counts stream into the table when they are ready
  const deepCounts = datasetDeepCounts();
  return (
    <>
      <PageHeader
        title="Datasets"
        description="Red-team prompts and everything recorded about them: chains, responses, comparisons and labels."
        actions={
          <RoleOnly min="REVIEWER">
            <LinkButton href="/import">Import</LinkButton>
          </RoleOnly>
        }
      />
      {datasets.length === 0 ? (
        <EmptyState
          title="No datasets yet"
          action={
            <RoleOnly min="REVIEWER">
              <LinkButton href="/import">Import a file</LinkButton>
            </RoleOnly>
          }
        >
          <p>
            Import prompts (JSONL, CSV or Human:/Assistant: transcripts), hh-rlhf pairs, or the CAI paper&apos;s chains and RL samples. Upload a file in the browser, or for big files use the
            command line:
          </p>
          <pre className="overflow-x-auto rounded bg-stone-100 px-3 py-2 font-mono text-sm">npm run cai -- import FILE --dataset NAME</pre>
        </EmptyState>
      ) : (
        <Section title="All datasets" id="datasets">
          <DatasetTable datasets={datasets} deepCounts={deepCounts} />
        </Section>
      )}
      {imports.length > 0 && (
        <Section title="Recent imports" id="imports">
          <ImportHistory imports={imports} />
        </Section>
      )}
    </>
  );
}
