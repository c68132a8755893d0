import { queueIdParamsSchema, resolutionSchema } from "@/lib/schemas/review";
import { parseBody, parseInput, respond } from "@/lib/server/http";
import { adjudicationList, resolveItem } from "@/lib/server/review/adjudication";

// GET /api/review/queues/[id]/adjudication: the queue's items whose reviewers disagree (or whose
// people and AI differ beyond the queue's threshold), unresolved first.
// POST {comparisonId, choice: A|B|TIE, reason}: an adjudicator's resolution, the pair's human label
// for exports; an earlier resolution is kept, superseded; reviewers' answers stay. Adjudicators and admins.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADJUDICATOR", async () => {
    const { id } = parseInput(queueIdParamsSchema, await params);
    return Response.json((await adjudicationList(id)).rows);
  });
}

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "ADJUDICATOR", async (user) => {
    const { id } = parseInput(queueIdParamsSchema, await params);
    const resolution = await parseBody(resolutionSchema, request);
    return Response.json(await resolveItem(id, user.id, resolution), { status: 201 });
  });
}
