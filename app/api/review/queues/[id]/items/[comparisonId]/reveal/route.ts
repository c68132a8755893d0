import { itemFilterSchema, queueItemParamsSchema } from "@/lib/schemas/review";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { revealItem } from "@/lib/server/review/reveal";

// POST /api/review/queues/[id]/items/[comparisonId]/reveal?show=&unreviewed=: the reviewer asks to
// see the AI's judgment of a blind queue's item before answering. The server records the reveal
// (with its time, audited) and answers the item with the judgment; the reviewer's answer on it is
// then stored as having seen it. Reviewers and admins; viewers always see the judgment.

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string; comparisonId: string }> }): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const { id, comparisonId } = parseInput(queueItemParamsSchema, await params);
    const walk = parseInput(itemFilterSchema, searchParamsObject(request.url));
    return Response.json(await revealItem(id, comparisonId, user.id, walk), { status: 201 });
  });
}
