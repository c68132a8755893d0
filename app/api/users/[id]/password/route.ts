import { passwordResetSchema, userIdParamsSchema } from "@/lib/schemas/users";
import { resetPassword } from "@/lib/server/auth/users";
import { UserError } from "@/lib/server/errors";
import { parseInput, respond } from "@/lib/server/http";

// POST /api/users/:id/password {password}: an admin sets someone's password (they are signed out
// everywhere); audited as user.password, without the password.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async (admin) => {
    const { id } = parseInput(userIdParamsSchema, await params);
    const body = await request.json().catch(() => {
      throw new UserError("The request body must be a JSON object.");
    });
    await resetPassword(id, parseInput(passwordResetSchema, body).password, admin);
    return Response.json({ ok: true });
  });
}
