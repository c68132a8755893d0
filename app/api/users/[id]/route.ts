import { roleChangeSchema, userIdParamsSchema } from "@/lib/schemas/users";
import { changeRole } from "@/lib/server/auth/users";
import { parseBody, parseInput, respond } from "@/lib/server/http";

// PATCH /api/users/:id {role}: an admin changes someone's role (never the last admin's away);
// audited as user.role with the role before and after.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async (admin) => {
    const { id } = parseInput(userIdParamsSchema, await params);
    const { role } = await parseBody(roleChangeSchema, request);
    return Response.json(await changeRole(id, role, admin));
  });
}
