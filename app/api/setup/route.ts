import { setupSchema } from "@/lib/schemas/users";
import { signInAfterSetup } from "@/lib/server/auth/sign-in";
import { createFirstAdmin } from "@/lib/server/auth/first-admin";
import { parseBody, respondSignedOut } from "@/lib/server/http";
import type { FirstAdmin } from "@/lib/schemas/responses/bodies";

// POST /api/setup {email, name, password, confirm}: the first admin of a studio nobody has an
// account on yet, signed in at once (the session cookie comes with the 201). Once anyone exists
// this answers 404, as the /setup page does. The only mutating route that needs no session.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respondSignedOut(request, async () => {
    const input = await parseBody(setupSchema, request);
    const admin = await createFirstAdmin(input);
    const cookies = await signInAfterSetup(request, input);
    const response = Response.json({ id: admin.id, email: admin.email, role: admin.role } satisfies FirstAdmin, { status: 201 });
    for (const cookie of cookies) response.headers.append("set-cookie", cookie);
    return response;
  });
}
