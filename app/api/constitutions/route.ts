import { createConstitutionSchema } from "@/lib/schemas/constitutions";
import { createConstitution } from "@/lib/server/constitutions/edit";
import { parseBody, respond } from "@/lib/server/http";

// POST /api/constitutions: a new constitution, empty or as a copy of a version; answers its v1.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "ADMIN", async (user) => {
    const input = await parseBody(createConstitutionSchema, request);
    return Response.json(await createConstitution(input, { userId: user.id }), { status: 201 });
  });
}
