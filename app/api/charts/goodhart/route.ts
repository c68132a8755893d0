import { goodhartQuerySchema } from "@/lib/schemas/charts";
import { goodhartSignals } from "@/lib/server/charts/goodhart";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/charts/goodhart: phrases whose share grows across revision numbers, and the share of evasive answers per revision number, over a deterministic sample of at most `sample` chain responses per revision number.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(goodhartQuerySchema, searchParamsObject(request.url));
    return Response.json(await goodhartSignals(query));
  });
}
