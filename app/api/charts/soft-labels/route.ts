import { softLabelQuerySchema } from "@/lib/schemas/charts";
import { softLabelHistogram } from "@/lib/server/charts/soft-labels";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/charts/soft-labels: the soft-label histogram of labeling verdicts, raw against clamped, and the confident share. Aggregated in SQL: a few dozen numbers whatever the data's size.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(softLabelQuerySchema, searchParamsObject(request.url));
    return Response.json(await softLabelHistogram(query));
  });
}
