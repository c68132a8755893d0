import { parseBody, respond } from "@/lib/server/http";
import { runKinds } from "@/lib/server/runs/kinds/registry";
import type { StartedRun } from "@/lib/schemas/responses/bodies";

// POST /api/labels/sample-runs {SampleRunRequest}: starts a sampling run (two fresh samples of an
// endpoint per prompt, made into a pair); answers {runId, items} with 201.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = await parseBody(runKinds.SAMPLE.requestSchema, request);
    return Response.json((await runKinds.SAMPLE.create(input, user.id)) satisfies StartedRun, { status: 201 });
  });
}
