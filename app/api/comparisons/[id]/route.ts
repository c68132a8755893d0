import { comparisonForViewer } from "@/lib/server/comparisons/for-viewer";
import { comparisonIdParamsSchema, comparisonViewQuerySchema } from "@/lib/server/comparisons/route-params";
import { NotFoundError } from "@/lib/server/errors";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/comparisons/[id]?run=: one comparison with its responses, every labeling run's labels
// and verdict, its human labels, and its neighbours within the run (or its dataset). For a reviewer
// who owes the pair a blind answer, no labels, verdicts or people's answers (withheldFor says why).

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async (user) => {
    const { id } = parseInput(comparisonIdParamsSchema, await params);
    const { run } = parseInput(comparisonViewQuerySchema, searchParamsObject(request.url));
    const comparison = await comparisonForViewer(id, { run }, user);
    if (!comparison) throw new NotFoundError(`there is no comparison ${id}`);
    return Response.json(comparison);
  });
}
