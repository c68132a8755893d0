import { pairSources, pairSourcesQuerySchema } from "@/lib/server/comparisons/options";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/pairs/sources?datasetId=: what pairs can be made from in a dataset: its chains (by SL-CAI
// run, and imported), its stored samples by producer, and how many comparisons it already has.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { datasetId } = parseInput(pairSourcesQuerySchema, searchParamsObject(request.url));
    return Response.json(await pairSources(datasetId));
  });
}
