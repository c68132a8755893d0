import { getExport, listExportRuns } from "@/lib/server/exports/definitions";
import { startExportRun } from "@/lib/server/exports/start";
import { exportIdParamsSchema } from "@/lib/server/exports/views";
import { NotFoundError } from "@/lib/server/errors";
import { parseInput, respond } from "@/lib/server/http";
import { pgPool } from "@/lib/server/pg";
import type { StartedExportRun } from "@/lib/schemas/responses/bodies";

// GET /api/exports/[id]/runs: the export's runs, newest first.
// POST /api/exports/[id]/runs: runs the export as it is now (reviewers and admins): a queued run
// that a worker writes; GET /api/export-runs/[id] follows it.

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id } = parseInput(exportIdParamsSchema, await params);
    if (!(await getExport(pgPool(), id))) throw new NotFoundError(`There is no export #${id}.`);
    return Response.json(await listExportRuns(pgPool(), id));
  });
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const { id } = parseInput(exportIdParamsSchema, await params);
    const run = await startExportRun(id, { userId: user.id });
    return Response.json({ exportRunId: run.id, run } satisfies StartedExportRun, { status: 201 });
  });
}
