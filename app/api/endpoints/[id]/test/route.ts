import { parseRouteId } from "@/lib/schemas/ids";
import { testEndpoint } from "@/lib/server/endpoints/test-endpoint";
import { NotFoundError } from "@/lib/server/errors";
import { respond } from "@/lib/server/http";

// POST /api/endpoints/:id/test: one short call; the answer, latency and log-prob support, or why it
// failed. A failed call is still a 200: the test ran, and its result is the failure.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async () => {
    const id = parseRouteId((await params).id);
    if (id === undefined) throw new NotFoundError("There is no such endpoint.");
    return Response.json(await testEndpoint(id));
  });
}
