import { findComparisonView } from "@/lib/server/comparisons/detail";
import { comparisonIdParamsSchema, comparisonViewQuerySchema } from "@/lib/server/comparisons/route-params";
import { NotFoundError } from "@/lib/server/errors";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/comparisons/[id]?run=: one comparison with its responses, every labeling run's labels
// and verdict, its human labels, and its neighbours within the run (or its dataset).

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id } = parseInput(comparisonIdParamsSchema, await params);
    const { run } = parseInput(comparisonViewQuerySchema, searchParamsObject(request.url));
    const comparison = await findComparisonView(id, { run });
    if (!comparison) throw new NotFoundError(`there is no comparison ${id}`);
    return Response.json(comparison);
  });
}
