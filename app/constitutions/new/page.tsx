import Link from "next/link";
import { NewConstitutionForm } from "@/components/constitutions/new-constitution-form";
import { PageHeader } from "@/components/ui/page-header";
import { parseRouteId } from "@/lib/schemas/ids";
import { listConstitutions } from "@/lib/server/constitutions/queries";
import { requirePageUser } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "New constitution" };

export default async function NewConstitutionPage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  // a form for admins: anyone else is told which role it needs
  await requirePageUser("ADMIN");
  const [constitutions, { from }] = await Promise.all([listConstitutions(), searchParams]);
  const versions = constitutions.flatMap((constitution) => constitution.versions.map((version) => ({ id: version.id, label: `${constitution.name} v${version.version}` })));
  return (
    <>
      <PageHeader
        title="New constitution"
        description={
          <p>
            Start empty or from a copy of any version, then edit its principles. To bring in the paper&apos;s JSON files, use the <Link href="/import">Import page</Link> with the format
            “Constitution”.
          </p>
        }
      />
      <NewConstitutionForm versions={versions} initialCopyFrom={parseRouteId(from ?? "")} />
    </>
  );
}
