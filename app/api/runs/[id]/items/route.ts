import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { listRunItems, runIdParamsSchema, runItemsQuerySchema } from "@/lib/server/runs/queries";

// GET /api/runs/[id]/items?status=&after=: a page of the run's items (one per prompt) with their
// chains so far and, for failed ones, the error; keyset-paged by prompt id.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id } = parseInput(runIdParamsSchema, await params);
    const query = parseInput(runItemsQuerySchema, searchParamsObject(request.url));
    return Response.json(await listRunItems(id, query));
  });
}
