import { createQueueSchema } from "@/lib/schemas/review";
import { parseBody, respond } from "@/lib/server/http";
import { createQueue, listQueues } from "@/lib/server/review/queues";

// GET /api/review/queues: every review queue, newest first, with its progress (done / total, and
// the signed-in person's own). POST {name, labelRunId | datasetId, criteria, reviewersPerItem,
// blindByDefault}: a new queue (reviewers and admins); answers 201 with it.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async (user) => Response.json(await listQueues(user.id)));
}

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = await parseBody(createQueueSchema, request);
    return Response.json(await createQueue(input, user.id), { status: 201 });
  });
}
