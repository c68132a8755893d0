import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { experimentReportQuerySchema } from "@/lib/schemas/experiment-report";
import { experimentReportDownload } from "@/lib/server/experiments/download";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/experiments/[id]/report: an experiment's report as JSON, or with ?format=csv one row
// per statistic with its interval and p, or ?format=svg the win-rate forest plot. ?seed= and
// ?resamples= redo the bootstrap with another seed or size. Anyone signed in may read it.

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id });

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id: experimentId } = parseInput(paramsSchema, await params);
    const query = parseInput(experimentReportQuerySchema, searchParamsObject(request.url));
    return experimentReportDownload(experimentId, query);
  });
}
