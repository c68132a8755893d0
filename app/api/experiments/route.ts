import { experimentRequestSchema } from "@/lib/schemas/experiments";
import { createExperiment } from "@/lib/server/experiments/create";
import { listExperiments } from "@/lib/server/experiments/status";
import { parseBody, respond } from "@/lib/server/http";

// POST /api/experiments {ExperimentRequest}: creates a constitution experiment (its prompt set fixed,
// its arms not started yet: POST /api/experiments/[id]/run starts them); answers 201 with its id and
// prompt count. Starting runs takes the same role as starting a run.
// GET /api/experiments: the experiments, newest first, each with its phase and its runs' progress.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = await parseBody(experimentRequestSchema, request);
    return Response.json(await createExperiment(input, user.id), { status: 201 });
  });
}

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => Response.json(await listExperiments()));
}
