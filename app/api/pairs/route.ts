import { pairRequestSchema } from "@/lib/schemas/labels";
import { parseBody, respond } from "@/lib/server/http";
import { makePairs } from "@/lib/server/labels/pairs";

// POST /api/pairs {PairRequest}: comparison pairs from a dataset's chains (initial vs final, or
// consecutive revisions) or its stored samples; answers {created, existing}.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = await parseBody(pairRequestSchema, request);
    return Response.json(await makePairs(input, { userId: user.id }));
  });
}
