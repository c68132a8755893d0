import { parseRouteId } from "@/lib/schemas/ids";
import { updateEndpointSchema } from "@/lib/schemas/endpoints";
import { deleteEndpoint, updateEndpoint } from "@/lib/server/endpoints/mutations";
import { getEndpoint } from "@/lib/server/endpoints/queries";
import { NotFoundError } from "@/lib/server/errors";
import { parseBody, respond } from "@/lib/server/http";

// GET, PUT (every field; a stored key without a value is kept) and DELETE /api/endpoints/:id.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

async function endpointId({ params }: Context): Promise<number> {
  const { id } = await params;
  const parsed = parseRouteId(id);
  if (parsed === undefined) throw new NotFoundError(`There is no endpoint ${JSON.stringify(id)}.`);
  return parsed;
}

export async function GET(request: Request, context: Context): Promise<Response> {
  return respond(request, "VIEWER", async (user) => Response.json(await getEndpoint(await endpointId(context), user.role)));
}

export async function PUT(request: Request, context: Context): Promise<Response> {
  return respond(request, "ADMIN", async (user) => {
    const id = await endpointId(context);
    const input = await parseBody(updateEndpointSchema, request);
    return Response.json(await updateEndpoint(id, input, { userId: user.id }));
  });
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  return respond(request, "ADMIN", async (user) => {
    await deleteEndpoint(await endpointId(context), { userId: user.id });
    return new Response(null, { status: 204 });
  });
}
