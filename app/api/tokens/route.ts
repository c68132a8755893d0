import { newApiTokenSchema } from "@/lib/schemas/api-tokens";
import { createApiToken, listApiTokens, refuseTokenCaller } from "@/lib/server/auth/api-tokens";
import { parseBody, respond } from "@/lib/server/http";

// GET /api/tokens: your API tokens (an admin: everyone's), with their uses per route.
// POST /api/tokens {name, role, expiresInDays}: a new token; the answer carries its secret, once.
// Made from a signed-in session only (lib/server/auth/api-tokens.ts says why).

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async (user) => Response.json(await listApiTokens(user)));
}

export async function POST(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async (user) => {
    refuseTokenCaller(user);
    const created = await createApiToken(await parseBody(newApiTokenSchema, request), user);
    return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
  });
}
