import { roleAtLeast } from "@/lib/auth/roles";
import { itemListQuerySchema, queueIdParamsSchema } from "@/lib/schemas/review";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { listQueueItems } from "@/lib/server/review/items";

// GET /api/review/queues/[id]/items?show=todo|all&unreviewed=true&after=rank_id&limit=: one page of
// the queue's items in rank order (least trustworthy first), by keyset. A blind queue's verdicts
// are left out for a reviewer on the items they have not answered.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async (user) => {
    const { id } = parseInput(queueIdParamsSchema, await params);
    const query = parseInput(itemListQuerySchema, searchParamsObject(request.url));
    return Response.json(await listQueueItems(id, query, { userId: user.id, canAnswer: roleAtLeast(user.role, "REVIEWER") }));
  });
}
