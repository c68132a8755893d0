import { principleQuerySchema } from "@/lib/schemas/charts";
import { principleAnalytics } from "@/lib/server/charts/principles";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/charts/principles: per critique principle the mean score change its revisions caused (95% interval), per preference principle its flip rate. Aggregated in SQL: a few dozen numbers whatever the data's size.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(principleQuerySchema, searchParamsObject(request.url));
    return Response.json(await principleAnalytics(query));
  });
}
