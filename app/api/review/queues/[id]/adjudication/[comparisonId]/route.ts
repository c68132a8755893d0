import { queueItemParamsSchema } from "@/lib/schemas/review";
import { parseInput, respond } from "@/lib/server/http";
import { adjudicationItem } from "@/lib/server/review/adjudication";

// GET /api/review/queues/[id]/adjudication/[comparisonId]: everything an adjudicator weighs: the
// pair with where each response came from, every reviewer's answer and note, the AI's judgment,
// and the resolutions so far. Adjudicators and admins.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string; comparisonId: string }> }): Promise<Response> {
  return respond(request, "ADJUDICATOR", async () => {
    const { id, comparisonId } = parseInput(queueItemParamsSchema, await params);
    return Response.json(await adjudicationItem(id, comparisonId));
  });
}
