import { positionBiasQuerySchema } from "@/lib/schemas/charts";
import { positionBiasChart } from "@/lib/server/charts/position-bias";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/charts/position-bias: P(A) with A shown first against shown second, and flip rates per principle and per endpoint. Aggregated in SQL: a few dozen numbers whatever the data's size.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(positionBiasQuerySchema, searchParamsObject(request.url));
    return Response.json(await positionBiasChart(query));
  });
}
