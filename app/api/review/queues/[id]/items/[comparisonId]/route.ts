import { roleAtLeast } from "@/lib/auth/roles";
import { itemViewQuerySchema, queueItemParamsSchema } from "@/lib/schemas/review";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { reviewItem } from "@/lib/server/review/item-view";

// GET /api/review/queues/[id]/items/[comparisonId]?show=&unreviewed=: one item for the
// review screen, with its place in the queue. In a blind queue the AI's judgment is left out until
// the reviewer answers or asks for it (POST .../reveal); viewers, who cannot answer, always get it.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string; comparisonId: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async (user) => {
    const { id, comparisonId } = parseInput(queueItemParamsSchema, await params);
    const options = parseInput(itemViewQuerySchema, searchParamsObject(request.url));
    return Response.json(await reviewItem(id, comparisonId, { userId: user.id, canAnswer: roleAtLeast(user.role, "REVIEWER") }, options));
  });
}
