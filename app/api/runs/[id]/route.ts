import { parseInput, respond } from "@/lib/server/http";
import { runProgress } from "@/lib/server/runs/progress";
import { runIdParamsSchema } from "@/lib/server/runs/queries";

// GET /api/runs/[id]: the run's progress (counts, pace, ETA, recent errors); the run page polls it.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id } = parseInput(runIdParamsSchema, await params);
    return Response.json(await runProgress(id));
  });
}
