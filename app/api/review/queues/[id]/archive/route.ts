import { queueIdParamsSchema } from "@/lib/schemas/review";
import { parseInput, respond } from "@/lib/server/http";
import { archiveQueue } from "@/lib/server/review/queues";

// POST /api/review/queues/[id]/archive: closes the queue to answers (reviewers and admins); its
// items and answers stay readable. Answers the queue.

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const { id } = parseInput(queueIdParamsSchema, await params);
    return Response.json(await archiveQueue(id, user.id));
  });
}
