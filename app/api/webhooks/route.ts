import { createWebhookSchema } from "@/lib/schemas/webhooks";
import { parseBody, respond } from "@/lib/server/http";
import { createWebhook } from "@/lib/server/webhooks/mutations";
import { listWebhooks } from "@/lib/server/webhooks/queries";

// GET /api/webhooks: every webhook, without its secret.
// POST /api/webhooks: register one; the answer holds its signing secret, the only time it is shown.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "ADMIN", async () => Response.json(await listWebhooks()));
}

export async function POST(request: Request): Promise<Response> {
  return respond(request, "ADMIN", async (user) => {
    const input = await parseBody(createWebhookSchema, request);
    return Response.json(await createWebhook(input, { userId: user.id }), { status: 201, headers: { "cache-control": "no-store" } });
  });
}
