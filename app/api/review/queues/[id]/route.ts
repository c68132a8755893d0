import { queueIdParamsSchema } from "@/lib/schemas/review";
import { parseInput, respond } from "@/lib/server/http";
import { queueSummary } from "@/lib/server/review/queues";

// GET /api/review/queues/[id]: one queue with its progress.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async (user) => {
    const { id } = parseInput(queueIdParamsSchema, await params);
    return Response.json(await queueSummary(id, user.id));
  });
}
