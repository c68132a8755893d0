import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { findRunCalls, runCallsQuerySchema, runIdParamsSchema } from "@/lib/server/runs/queries";

// GET /api/runs/[id]/calls?ids=1,2: the run's recorded model calls with those ids: the exact request
// sent, the reply, tokens, latency. The chain viewer loads a step's calls when they are opened.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id } = parseInput(runIdParamsSchema, await params);
    const { ids } = parseInput(runCallsQuerySchema, searchParamsObject(request.url));
    return Response.json(await findRunCalls(id, ids));
  });
}
