import { roleChangeSchema, userIdParamsSchema } from "@/lib/schemas/users";
import { changeRole } from "@/lib/server/auth/users";
import { UserError } from "@/lib/server/errors";
import { parseInput, respond } from "@/lib/server/http";

// PATCH /api/users/:id {role}: an admin changes someone's role (never the last admin's away);
// audited as user.role with the role before and after.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async (admin) => {
    const { id } = parseInput(userIdParamsSchema, await params);
    const body = await request.json().catch(() => {
      throw new UserError("The request body must be a JSON object.");
    });
    const { role } = parseInput(roleChangeSchema, body);
    return Response.json(await changeRole(id, role, admin));
  });
}
