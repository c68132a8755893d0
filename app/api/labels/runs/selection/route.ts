import { pairSelectionQuerySchema } from "@/lib/server/comparisons/route-params";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { countSelectedPairs } from "@/lib/server/runs/kinds/label";
import type { PairSelectionCount } from "@/lib/schemas/responses/bodies";

// GET /api/labels/runs/selection?datasetId=&endpointId=&source=&pairRunId=&unjudgedOnly=&limit=: how
// many pairs a labeling run with this selection would judge, counted by the selection the run makes.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const selection = parseInput(pairSelectionQuerySchema, searchParamsObject(request.url));
    return Response.json({ pairs: await countSelectedPairs(selection) } satisfies PairSelectionCount);
  });
}
