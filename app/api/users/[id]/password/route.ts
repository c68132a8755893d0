import { passwordResetSchema, userIdParamsSchema } from "@/lib/schemas/users";
import { resetPassword } from "@/lib/server/auth/users";
import { parseBody, parseInput, respond } from "@/lib/server/http";
import type { Done } from "@/lib/schemas/responses/bodies";

// POST /api/users/:id/password {password}: an admin sets someone's password (they are signed out
// everywhere); audited as user.password, without the password.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async (admin) => {
    const { id } = parseInput(userIdParamsSchema, await params);
    await resetPassword(id, (await parseBody(passwordResetSchema, request)).password, admin);
    return Response.json({ ok: true } satisfies Done);
  });
}
