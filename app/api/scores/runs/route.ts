import { parseBody, respond } from "@/lib/server/http";
import { runKinds } from "@/lib/server/runs/kinds/registry";
import type { StartedRun } from "@/lib/schemas/responses/bodies";

// POST /api/scores/runs {datasetId, endpointId, over: "chains"|"pairs", scoreName?, sourceRunId?,
// concurrency?, name?}: starts a scoring run on a SCORER endpoint; workers carry it out.
// Answers {runId, items} with 201.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = await parseBody(runKinds.SCORE.requestSchema, request);
    return Response.json((await runKinds.SCORE.create(input, user.id)) satisfies StartedRun, { status: 201 });
  });
}
