import { phraseResponsesQuerySchema } from "@/lib/schemas/charts";
import { phraseResponses } from "@/lib/server/charts/phrase-responses";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/charts/goodhart/responses: up to 50 chain responses holding a phrase's words in order, with their chains.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(phraseResponsesQuerySchema, searchParamsObject(request.url));
    return Response.json(await phraseResponses(query));
  });
}
