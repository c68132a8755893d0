import { webhookParamsSchema } from "@/lib/schemas/webhooks";
import { parseInput, respond } from "@/lib/server/http";
import { sendTestEvent } from "@/lib/server/webhooks/mutations";

// POST /api/webhooks/:id/test: queues a "webhook.test" event to this webhook; its delivery shows in the log.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async (user) => {
    const { id } = parseInput(webhookParamsSchema, await params);
    return Response.json(await sendTestEvent(id, { userId: user.id }), { status: 202 });
  });
}
