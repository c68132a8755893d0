import { scoreFitRequestSchema } from "@/lib/schemas/scores";
import { parseBody, respond } from "@/lib/server/http";
import { fitScores } from "@/lib/server/scores/fit";

// POST /api/scores/fit {datasetId, runId?, humans?, prior?}: Bradley-Terry strengths and their Elo
// scale for the dataset's responses, fitted to a labeling run's and/or people's labels; replaces
// earlier scores of the same name. Answers {name, responses, labels, prompts, notConverged, replaced}.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = await parseBody(scoreFitRequestSchema, request);
    return Response.json(await fitScores(input, { userId: user.id }));
  });
}
