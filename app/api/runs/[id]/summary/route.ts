import { parseInput, respond } from "@/lib/server/http";
import { labelRunSummary } from "@/lib/server/labels/summary";
import { runIdParamsSchema } from "@/lib/server/runs/queries";

// GET /api/runs/[id]/summary: a labeling run's label distribution (P(A) in ten bins, raw and used,
// confident and near-0.5 counts) and flip rates overall and per principle; the run page polls it.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id } = parseInput(runIdParamsSchema, await params);
    return Response.json(await labelRunSummary(id));
  });
}
