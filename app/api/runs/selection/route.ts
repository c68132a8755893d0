import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { countSelectedPrompts } from "@/lib/server/runs/kinds/sl";
import { selectionQuerySchema } from "@/lib/server/runs/queries";
import type { PromptSelectionCount } from "@/lib/schemas/responses/bodies";

// GET /api/runs/selection?datasetId=&tag=&q=&withoutChains=&limit=: how many prompts a run with this
// dataset and filter would cover, counted by the same selection the run itself makes.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const selection = parseInput(selectionQuerySchema, searchParamsObject(request.url));
    return Response.json({ prompts: await countSelectedPrompts(selection) } satisfies PromptSelectionCount);
  });
}
