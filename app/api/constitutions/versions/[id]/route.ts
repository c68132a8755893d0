import { saveVersionSchema } from "@/lib/schemas/constitutions";
import { parseRouteId } from "@/lib/schemas/ids";
import { saveConstitutionVersion } from "@/lib/server/constitutions/edit";
import { NotFoundError } from "@/lib/server/errors";
import { parseBody, respond } from "@/lib/server/http";

// PUT /api/constitutions/versions/:id: saves an edit of the version's principles and few-shot
// examples. The answer says whether it changed in place or became a new version (and which).

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADMIN", async (user) => {
    const id = parseRouteId((await params).id);
    if (id === undefined) throw new NotFoundError("There is no such constitution version.");
    const input = await parseBody(saveVersionSchema, request);
    return Response.json(await saveConstitutionVersion(id, input, { userId: user.id }));
  });
}
