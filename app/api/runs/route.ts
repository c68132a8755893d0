import { parseBody, parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { runKinds } from "@/lib/server/runs/kinds/registry";
import { listRuns, runListQuerySchema } from "@/lib/server/runs/queries";
import type { StartedRun } from "@/lib/schemas/responses/bodies";

// POST /api/runs {SlRunRequest}: starts an SL-CAI run (its items are queued for the workers).
// GET /api/runs?before=: one page of the runs list, newest first.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = await parseBody(runKinds.SL_CAI.requestSchema, request);
    return Response.json((await runKinds.SL_CAI.create(input, user.id)) satisfies StartedRun, { status: 201 });
  });
}

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(runListQuerySchema, searchParamsObject(request.url));
    return Response.json(await listRuns(query));
  });
}
