import { getExportRun } from "@/lib/server/exports/definitions";
import { exportIdParamsSchema } from "@/lib/server/exports/views";
import { NotFoundError } from "@/lib/server/errors";
import { parseInput, respond } from "@/lib/server/http";
import { pgPool } from "@/lib/server/pg";

// GET /api/export-runs/[id]: a run's status and progress (rowsWritten of totalRows), and once it
// finished its manifest (files with rows, bytes and sha256); the export page polls it.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id } = parseInput(exportIdParamsSchema, await params);
    const run = await getExportRun(pgPool(), id);
    if (!run) throw new NotFoundError(`There is no export run #${id}.`);
    return Response.json(run);
  });
}
