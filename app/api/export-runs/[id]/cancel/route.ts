import { cancelExportRun } from "@/lib/server/exports/cancel";
import { exportIdParamsSchema } from "@/lib/server/exports/views";
import { parseInput, respond } from "@/lib/server/http";
import { pgPool } from "@/lib/server/pg";

// POST /api/export-runs/[id]/cancel: cancels a queued or writing export run (reviewers and admins,
// who may start one); its partial files are removed. A run that has ended answers 409 with its state.

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const { id } = parseInput(exportIdParamsSchema, await params);
    return Response.json(await cancelExportRun(pgPool(), id, { userId: user.id }));
  });
}
