import { ConstitutionList } from "@/components/constitutions/constitution-list";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listConstitutions } from "@/lib/server/constitutions/queries";

export const dynamic = "force-dynamic";
export const metadata = { title: "Constitutions" };

export default async function ConstitutionsPage() {
  const constitutions = await listConstitutions();
  return (
    <>
      <PageHeader
        title="Constitutions"
        description="Versioned sets of principles. Every chain step and AI label points at the exact version and principle it used."
        actions={<LinkButton href="/import" variant="secondary">Import a constitution</LinkButton>}
      />
      {constitutions.length === 0 ? (
        <EmptyState title="No constitutions yet" action={<LinkButton href="/import">Import a file</LinkButton>}>
          <p>
            Import a principles file (critique-revision pairs or preference questions, JSON) with the format
            “Constitution”. Importing SL-CAI chains also records the principles they used.
          </p>
        </EmptyState>
      ) : (
        <ConstitutionList constitutions={constitutions} />
      )}
    </>
  );
}
