import { labelRunRequestSchema } from "@/lib/schemas/labels";
import { UserError } from "@/lib/server/errors";
import { parseInput, respond } from "@/lib/server/http";
import { createLabelRun } from "@/lib/server/labels/label-run";

// POST /api/labels/runs {LabelRunRequest}: starts a labeling run over the selected pairs (its items
// are queued for the workers); answers {runId, items} with 201.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const body = await request.json().catch(() => {
      throw new UserError("The request body must be a JSON object.");
    });
    const input = parseInput(labelRunRequestSchema, body);
    return Response.json(await createLabelRun(input, user.id), { status: 201 });
  });
}
