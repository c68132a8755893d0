import Link from "next/link";
import { notFound } from "next/navigation";
import { ExportForm } from "@/components/exports/form/export-form";
import { valuesOf } from "@/components/exports/form/export-form-values";
import { PageHeader } from "@/components/ui/page-header";
import { parseRouteId } from "@/lib/schemas/ids";
import { requirePageUser } from "@/lib/server/auth/session";
import { exportFormOptions } from "@/lib/server/exports/form-options";
import { getExport } from "@/lib/server/exports/definitions";
import { pgPool } from "@/lib/server/pg";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Edit export ${(await params).id}` };
}

export default async function EditExportPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("REVIEWER");
  const id = parseRouteId((await params).id);
  const [detail, options] = await Promise.all([id === undefined ? null : getExport(pgPool(), id), exportFormOptions()]);
  if (!detail) notFound();
  return (
    <>
      <PageHeader
        title={`Edit ${detail.name}`}
        description={
          <>
            <p>Runs already made keep the definition they ran with (it is in each one&apos;s manifest); the next run uses this one.</p>
            <p className="text-sm">
              <Link href={`/exports/${detail.id}`}>Back to the export</Link>
            </p>
          </>
        }
      />
      <ExportForm options={options} initial={valuesOf(detail)} exportId={detail.id} />
    </>
  );
}
