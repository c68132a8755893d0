import Link from "next/link";
import { notFound } from "next/navigation";
import { FewShotList } from "@/components/constitutions/few-shot-list";
import { CritiqueRevisionPrinciples, PreferencePrinciples } from "@/components/constitutions/principle-list";
import { SaveNotice, VersionStatus } from "@/components/constitutions/version-status";
import { LinkButton } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { parseRouteId } from "@/lib/schemas/ids";
import { versionEditState } from "@/lib/server/constitutions/edit";
import { findConstitutionVersion, findVersionRuns } from "@/lib/server/constitutions/queries";
import { RoleOnly } from "@/components/auth/role-only";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string; from?: string }> };

export default async function ConstitutionVersionPage({ params, searchParams }: Props) {
  const id = parseRouteId((await params).id);
  const version = id === undefined ? null : await findConstitutionVersion(id);
  if (!version) notFound();
  const [state, runs, { saved, from }] = await Promise.all([versionEditState(version.id), findVersionRuns(version.id), searchParams]);
  const critiqueRevision = version.principles.filter((p) => p.kind === "CRITIQUE_REVISION");
  const preference = version.principles.filter((p) => p.kind === "PREFERENCE");
  const { constitution } = version;
  return (
    <>
      <PageHeader
        title={`${constitution.name} v${version.version}`}
        description={
          <div className="space-y-1 text-sm">
            <p>
              {version.note || "No note."} · made {formatDateTime(version.createdAt)}
              {version.import && (
                <>
                  {" "}
                  · from <Link href={`/imports/${version.import.id}`}>{version.import.fileName}</Link>
                </>
              )}
            </p>
            <nav aria-label="Versions" className="flex flex-wrap gap-2">
              <Link href="/constitutions">All constitutions</Link>
              {constitution.versions.map((other) =>
                other.id === version.id ? (
                  <span key={other.id} aria-current="page" className="font-semibold">
                    v{other.version}
                  </span>
                ) : (
                  <Link key={other.id} href={`/constitutions/versions/${other.id}`}>
                    v{other.version}
                  </Link>
                ),
              )}
            </nav>
          </div>
        }
        actions={
          <RoleOnly min="ADMIN">
            <LinkButton href={`/constitutions/new?from=${version.id}`} variant="secondary">
              Copy as a new constitution
            </LinkButton>
            <LinkButton href={`/constitutions/versions/${version.id}/edit`}>{state.frozen || !state.isLatest ? `Edit as v${state.latestVersion + 1}` : "Edit"}</LinkButton>
          </RoleOnly>
        }
      />
      <SaveNotice outcome={saved} version={version.version} from={parseRouteId(from ?? "")} />
      <VersionStatus version={version.version} state={state} runs={runs} />
      <div className="max-w-5xl">
        <Section title={`Critique-revision principles (${critiqueRevision.length})`} id="critique-revision">
          {critiqueRevision.length > 0 ? <CritiqueRevisionPrinciples principles={critiqueRevision} /> : <p className="text-stone-600">None in this version.</p>}
        </Section>
        <Section title={`Preference principles (${preference.length})`} id="preference">
          {preference.length > 0 ? <PreferencePrinciples principles={preference} /> : <p className="text-stone-600">None in this version.</p>}
        </Section>
        <Section title={`Few-shot examples (${version.fewShots.length})`} id="few-shots">
          {version.fewShots.length > 0 ? <FewShotList fewShots={version.fewShots} /> : <p className="text-stone-600">None in this version.</p>}
        </Section>
      </div>
    </>
  );
}
