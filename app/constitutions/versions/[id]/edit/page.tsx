import Link from "next/link";
import { notFound } from "next/navigation";
import { VersionEditor } from "@/components/constitutions/version-editor";
import { PageHeader } from "@/components/ui/page-header";
import { parseRouteId } from "@/lib/schemas/ids";
import { versionEditState } from "@/lib/server/constitutions/edit";
import { findConstitutionVersion } from "@/lib/server/constitutions/queries";
import { requirePageUser } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";

export default async function EditConstitutionVersionPage({ params }: { params: Promise<{ id: string }> }) {
  // a form for admins: anyone else is told which role it needs
  await requirePageUser("ADMIN");
  const id = parseRouteId((await params).id);
  const version = id === undefined ? null : await findConstitutionVersion(id);
  if (!version) notFound();
  const state = await versionEditState(version.id);
  const versionHref = `/constitutions/versions/${version.id}`;
  return (
    <>
      <PageHeader
        title={`Edit ${version.constitution.name} v${version.version}`}
        description={
          <p className="text-sm">
            <Link href={versionHref}>Back to v{version.version}</Link> · Texts are sent to the model exactly as written here.
          </p>
        }
      />
      <VersionEditor versionId={version.id} version={version.version} state={state} principles={version.principles} fewShots={version.fewShots} cancelHref={versionHref} />
    </>
  );
}
