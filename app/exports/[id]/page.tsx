import Link from "next/link";
import { notFound } from "next/navigation";
import { RoleOnly } from "@/components/auth/role-only";
import { DefinitionSummary } from "@/components/exports/definition-summary";
import { ExportRunsList } from "@/components/exports/export-runs-list";
import { FILE_TYPE_NAMES, LAYOUT_NAMES } from "@/components/exports/names";
import { PersonLink } from "@/components/exports/person-link";
import { RunExportButton } from "@/components/exports/run-export-button";
import { LinkButton } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { parseRouteId } from "@/lib/schemas/ids";
import { getExport, listExportRuns } from "@/lib/server/exports/definitions";
import { definitionNames } from "@/lib/server/exports/views";
import { pgPool } from "@/lib/server/pg";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Export ${(await params).id}` };
}

export default async function ExportPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseRouteId((await params).id);
  const detail = id === undefined ? null : await getExport(pgPool(), id);
  if (!detail) notFound();
  const [runs, names] = await Promise.all([listExportRuns(pgPool(), detail.id), definitionNames(detail.definition)]);
  return (
    <>
      <PageHeader
        title={detail.name}
        description={
          <p className="text-sm">
            <Link href="/exports">All exports</Link> · {LAYOUT_NAMES[detail.layout]} · {FILE_TYPE_NAMES[detail.fileType]} · made by <PersonLink who={detail.createdBy} /> on{" "}
            {formatDateTime(detail.createdAt)}
            {detail.updatedAt !== detail.createdAt && <>, last changed {formatDateTime(detail.updatedAt)}</>}
          </p>
        }
        actions={
          <RoleOnly min="REVIEWER">
            <LinkButton href={`/exports/${detail.id}/edit`} variant="secondary">
              Edit
            </LinkButton>
            <RunExportButton exportId={detail.id} />
          </RoleOnly>
        }
      />
      <div className="max-w-6xl">
        <Section title="Runs" id="runs">
          <ExportRunsList exportId={detail.id} initial={runs} />
        </Section>
        <Section title="Definition" id="definition">
          <DefinitionSummary layout={detail.layout} definition={detail.definition} names={names} />
        </Section>
      </div>
    </>
  );
}
