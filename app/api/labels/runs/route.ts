import { parseBody, respond } from "@/lib/server/http";
import { runKinds } from "@/lib/server/runs/kinds/registry";
import type { StartedRun } from "@/lib/schemas/responses/bodies";

// POST /api/labels/runs {LabelRunRequest}: starts a labeling run over the selected pairs (its items
// are queued for the workers); answers {runId, items} with 201.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = await parseBody(runKinds.LABEL.requestSchema, request);
    return Response.json((await runKinds.LABEL.create(input, user.id)) satisfies StartedRun, { status: 201 });
  });
}
