import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { refuseTokenCaller, revokeApiToken } from "@/lib/server/auth/api-tokens";
import { parseInput, respond } from "@/lib/server/http";

// DELETE /api/tokens/:id: revokes the token at once (its owner, or an admin); audited.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id });

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async (user) => {
    refuseTokenCaller(user);
    const { id: tokenId } = parseInput(paramsSchema, await params);
    return Response.json(await revokeApiToken(tokenId, user));
  });
}
