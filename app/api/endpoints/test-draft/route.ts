import { endpointDraftTestSchema } from "@/lib/schemas/endpoints";
import { testEndpointDraft } from "@/lib/server/endpoints/test-endpoint";
import { parseBody, respond } from "@/lib/server/http";

// POST /api/endpoints/test-draft: tests the settings form as it stands, without saving it.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "ADMIN", async () => {
    const draft = await parseBody(endpointDraftTestSchema, request);
    return Response.json(await testEndpointDraft(draft));
  });
}
