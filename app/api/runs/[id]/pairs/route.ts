import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { listRunPairs, runPairsQuerySchema } from "@/lib/server/comparisons/run-pairs";
import { runIdParamsSchema } from "@/lib/server/runs/queries";

// GET /api/runs/[id]/pairs?status=&flipped=&after=: a page of a labeling run's comparisons with their
// verdicts, or of a sampling run's prompts with the pairs they made; keyset-paged.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id } = parseInput(runIdParamsSchema, await params);
    const query = parseInput(runPairsQuerySchema, searchParamsObject(request.url));
    return Response.json(await listRunPairs(id, query));
  });
}
