import { parseInput, respond } from "@/lib/server/http";
import { resumeRun } from "@/lib/server/runs/control";
import { runIdParamsSchema } from "@/lib/server/runs/queries";
import type { Done } from "@/lib/schemas/responses/bodies";

// POST /api/runs/[id]/resume: resumes a paused run where it stopped.
// A run in a state where this makes no sense answers 409 with the reason.

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const { id } = parseInput(runIdParamsSchema, await params);
    await resumeRun(id, { userId: user.id });
    return Response.json({ ok: true } satisfies Done);
  });
}
