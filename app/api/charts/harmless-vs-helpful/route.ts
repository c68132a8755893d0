import { scoreScatterQuerySchema } from "@/lib/schemas/charts";
import { scoreScatter } from "@/lib/server/charts/score-scatter";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/charts/harmless-vs-helpful: two kinds of score of the same responses against each other: count, means and Pearson r over all, and at most 2,000 points (a deterministic sample), Bradley-Terry also on the Elo scale.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(scoreScatterQuerySchema, searchParamsObject(request.url));
    return Response.json(await scoreScatter(query));
  });
}
