import { findLabelCalls } from "@/lib/server/comparisons/calls";
import { assertNotWithheld } from "@/lib/server/comparisons/for-viewer";
import { comparisonCallsQuerySchema, comparisonIdParamsSchema } from "@/lib/server/comparisons/route-params";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/comparisons/[id]/calls?ids=1,2: the model calls behind this comparison's labels (the
// exact request, the reply, and the top log-probs where the answer letter was read). The viewer
// loads them when a label's "prompt and reply" is opened.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async (user) => {
    const { id } = parseInput(comparisonIdParamsSchema, await params);
    await assertNotWithheld(id, user);
    const { ids } = parseInput(comparisonCallsQuerySchema, searchParamsObject(request.url));
    return Response.json(await findLabelCalls(id, ids));
  });
}
