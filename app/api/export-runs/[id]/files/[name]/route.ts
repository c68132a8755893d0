import { getExportRun } from "@/lib/server/exports/definitions";
import { exportFileDownload } from "@/lib/server/exports/download";
import { exportFileParamsSchema } from "@/lib/server/exports/views";
import { NotFoundError } from "@/lib/server/errors";
import { parseInput, respond } from "@/lib/server/http";
import { pgPool } from "@/lib/server/pg";

// GET /api/export-runs/[id]/files/[name]: a finished run's file (one its manifest lists, or
// manifest.json), streamed from disk as an attachment. Anyone signed in may download.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string; name: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id, name } = parseInput(exportFileParamsSchema, await params);
    const run = await getExportRun(pgPool(), id);
    if (!run) throw new NotFoundError(`There is no export run #${id}.`);
    return exportFileDownload(run, name);
  });
}
