import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { advanceExperiment } from "@/lib/server/experiments/advance";
import { parseInput, respond } from "@/lib/server/http";

// POST /api/experiments/[id]/run: moves the experiment on (starts its arms; once they are done,
// makes its pairs and starts the judging run) and answers where it is then. Safe to send again:
// what is started is not started twice. The worker moves experiments on by itself as runs end.

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const { id: experimentId } = parseInput(z.object({ id }), await params);
    return Response.json(await advanceExperiment(experimentId, { userId: user.id }));
  });
}
