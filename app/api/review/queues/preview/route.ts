import { queuePreviewSchema } from "@/lib/schemas/review";
import { parseBody, respond } from "@/lib/server/http";
import { previewQueue } from "@/lib/server/review/queues";

// POST {labelRunId | datasetId, criteria, reviewersPerItem} (a new queue's body; the name is not
// needed): how many pairs the queue would hold and how many answers it would need, before it is made.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async () => Response.json(await previewQueue(await parseBody(queuePreviewSchema, request))));
}
