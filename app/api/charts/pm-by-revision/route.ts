import { pmByRevisionQuerySchema } from "@/lib/schemas/charts";
import { pmByRevision } from "@/lib/server/charts/pm-by-revision";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/charts/pm-by-revision: PM score by revision number: mean with a 95% interval per revision index (0 = the initial response). Aggregated in SQL: a few dozen numbers whatever the data's size.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(pmByRevisionQuerySchema, searchParamsObject(request.url));
    return Response.json(await pmByRevision(query));
  });
}
