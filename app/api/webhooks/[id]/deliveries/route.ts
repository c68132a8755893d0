import { deliveriesQuerySchema, webhookParamsSchema } from "@/lib/schemas/webhooks";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { listDeliveries } from "@/lib/server/webhooks/queries";

// GET /api/webhooks/:id/deliveries?before=: the delivery log, newest first, with each attempt.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async () => {
    const { id } = parseInput(webhookParamsSchema, await params);
    return Response.json(await listDeliveries(id, parseInput(deliveriesQuerySchema, searchParamsObject(request.url))));
  });
}
