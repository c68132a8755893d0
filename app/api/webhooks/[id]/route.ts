import { updateWebhookSchema, webhookParamsSchema } from "@/lib/schemas/webhooks";
import { parseBody, parseInput, respond } from "@/lib/server/http";
import { deleteWebhook, updateWebhook } from "@/lib/server/webhooks/mutations";

// PATCH (the fields sent: url, events, description, enabled) and DELETE /api/webhooks/:id.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async (user) => {
    const { id } = parseInput(webhookParamsSchema, await params);
    const input = await parseBody(updateWebhookSchema, request);
    return Response.json(await updateWebhook(id, input, { userId: user.id }));
  });
}

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async (user) => {
    const { id } = parseInput(webhookParamsSchema, await params);
    await deleteWebhook(id, { userId: user.id });
    return new Response(null, { status: 204 });
  });
}
