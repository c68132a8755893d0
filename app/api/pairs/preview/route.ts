import { pairRequestSchema } from "@/lib/schemas/labels";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { previewPairs } from "@/lib/server/labels/pairs";

// GET /api/pairs/preview?mode=&datasetId=&points=&runId=&producer=: what POST /api/pairs would do
// with the same request, without doing it: {created (new pairs it would make), existing}.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const input = parseInput(pairRequestSchema, searchParamsObject(request.url));
    return Response.json(await previewPairs(input));
  });
}
