import { goodhartQuerySchema } from "@/lib/schemas/charts";
import { goodhartSignals } from "@/lib/server/charts/goodhart";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/charts/goodhart: phrases whose share grows across revision numbers (or, with by=run, across a dataset's SL-CAI and sampling runs in the order made), and the share of evasive answers per revision number (or run), over a deterministic sample of at most `sample` responses per revision number (or run).

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(goodhartQuerySchema, searchParamsObject(request.url));
    return Response.json(await goodhartSignals(query));
  });
}
