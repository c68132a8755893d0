import { answerSchema, itemFilterSchema, queueIdParamsSchema } from "@/lib/schemas/review";
import { parseBody, parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { answerItem } from "@/lib/server/review/answer";

// POST /api/review/queues/[id]/answers?show=&unreviewed= {comparisonId, choice, note}: the
// signed-in reviewer's answer (reviewers and admins; viewers get 403). A new label; an earlier
// answer of theirs on the pair is kept, marked superseded. Answers the label, the one it replaced
// and the next item of the list the reviewer walks. The choice is in the comparison's A/B terms;
// whether the AI's judgment was seen is the server's record, not the request's.

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const { id } = parseInput(queueIdParamsSchema, await params);
    const walk = parseInput(itemFilterSchema, searchParamsObject(request.url));
    const answer = await parseBody(answerSchema, request);
    const result = await answerItem(id, user.id, answer, walk);
    return Response.json(result, { status: result.unchanged ? 200 : 201 });
  });
}
