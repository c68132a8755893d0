import { webhookParamsSchema } from "@/lib/schemas/webhooks";
import { parseInput, respond } from "@/lib/server/http";
import { rotateWebhookSecret } from "@/lib/server/webhooks/mutations";

// POST /api/webhooks/:id/rotate-secret: a new signing secret, shown in this answer only.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async (user) => {
    const { id } = parseInput(webhookParamsSchema, await params);
    return Response.json(await rotateWebhookSecret(id, { userId: user.id }), { headers: { "cache-control": "no-store" } });
  });
}
