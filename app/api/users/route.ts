import { newUserSchema } from "@/lib/schemas/users";
import { createUser } from "@/lib/server/auth/users";
import { parseBody, respond } from "@/lib/server/http";

// POST /api/users {email, name, role, password}: an admin makes an account with an initial
// password (there is no public sign-up); audited as user.create. The list is the users page itself.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "ADMIN", async (admin) => {
    return Response.json(await createUser(await parseBody(newUserSchema, request), admin), { status: 201 });
  });
}
