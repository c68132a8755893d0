import { roleAtLeast } from "@/lib/auth/roles";
import { comparisonListQuerySchema } from "@/lib/schemas/comparisons";
import { listComparisons } from "@/lib/server/comparisons/list";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/comparisons?dataset=&source=&judged=&flipped=&run=&before=|after=: one page of the
// comparisons table, newest first; a reviewer gets no verdict on pairs they owe a blind answer.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async (user) => {
    const query = parseInput(comparisonListQuerySchema, searchParamsObject(request.url));
    return Response.json(await listComparisons(query, roleAtLeast(user.role, "REVIEWER") ? user.id : undefined));
  });
}
