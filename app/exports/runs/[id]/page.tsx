import { notFound, redirect } from "next/navigation";
import { parseRouteId } from "@/lib/schemas/ids";
import { getExportRun } from "@/lib/server/exports/definitions";
import { pgPool } from "@/lib/server/pg";

// An export run's address (the audit trail links here): the run on its export's page.

export const dynamic = "force-dynamic";

export default async function ExportRunPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseRouteId((await params).id);
  const run = id === undefined ? null : await getExportRun(pgPool(), id);
  if (!run) notFound();
  redirect(`/exports/${run.exportId}#run-${run.id}`);
}
