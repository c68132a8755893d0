import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { experimentDetail } from "@/lib/server/experiments/status";
import { parseInput, respond } from "@/lib/server/http";

// GET /api/experiments/[id]: the experiment, its config, its phase and its runs' progress.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id: experimentId } = parseInput(z.object({ id }), await params);
    return Response.json(await experimentDetail(experimentId));
  });
}
