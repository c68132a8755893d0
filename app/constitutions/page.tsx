import Link from "next/link";
import { ConstitutionList } from "@/components/constitutions/constitution-list";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listConstitutions } from "@/lib/server/constitutions/queries";
import { RoleOnly } from "@/components/auth/role-only";

export const dynamic = "force-dynamic";
export const metadata = { title: "Constitutions" };

export default async function ConstitutionsPage() {
  const constitutions = await listConstitutions();
  return (
    <>
      <PageHeader
        title="Constitutions"
        description="Versioned sets of principles. Every chain step and AI label points at the exact version and principle it used."
        actions={
          <>
            <RoleOnly min="REVIEWER">
              <LinkButton href="/import" variant="secondary">
                Import a constitution
              </LinkButton>
            </RoleOnly>
            <RoleOnly min="ADMIN">
              <LinkButton href="/constitutions/new">New constitution</LinkButton>
            </RoleOnly>
          </>
        }
      />
      {constitutions.length === 0 ? (
        <EmptyState
          title="No constitutions yet"
          action={
            <RoleOnly min="ADMIN">
              <LinkButton href="/constitutions/new">New constitution</LinkButton>
            </RoleOnly>
          }
        >
          <p>
            Write one here, or <Link href="/import">import a principles file</Link> (critique-revision pairs or preference questions, JSON, such as the paper&apos;s) with the format
            “Constitution”. Importing SL-CAI chains also records the principles they used.
          </p>
        </EmptyState>
      ) : (
        <ConstitutionList constitutions={constitutions} />
      )}
    </>
  );
}
