import { createEndpointSchema } from "@/lib/schemas/endpoints";
import { createEndpoint } from "@/lib/server/endpoints/mutations";
import { listEndpoints } from "@/lib/server/endpoints/queries";
import { parseBody, respond } from "@/lib/server/http";

// GET /api/endpoints: every endpoint, keys shown only by their source (and, to admins, by the variable that holds them).
// POST /api/endpoints: add one (a typed key is encrypted before it is stored).

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async (user) => Response.json(await listEndpoints(user.role)));
}

export async function POST(request: Request): Promise<Response> {
  return respond(request, "ADMIN", async (user) => {
    const input = await parseBody(createEndpointSchema, request);
    return Response.json(await createEndpoint(input, { userId: user.id }), { status: 201 });
  });
}
