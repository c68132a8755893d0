import { hubPushRequestSchema } from "@/lib/schemas/exports";
import { getExportRun } from "@/lib/server/exports/definitions";
import { createHubPush, listHubPushes } from "@/lib/server/exports/hub-pushes";
import { exportIdParamsSchema } from "@/lib/server/exports/views";
import { NotFoundError } from "@/lib/server/errors";
import { parseBody, parseInput, respond } from "@/lib/server/http";
import { pgPool } from "@/lib/server/pg";

// GET /api/export-runs/[id]/push: the run's pushes to the Hugging Face Hub, newest first.
// POST /api/export-runs/[id]/push {repo: "namespace/name", private}: pushes a finished run's files
// and dataset card to that Hub dataset (reviewers and admins, who may run exports). Answers at
// once (202) with the queued push; a worker uploads it with the HF_TOKEN of its environment.

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id } = parseInput(exportIdParamsSchema, await params);
    if (!(await getExportRun(pgPool(), id))) throw new NotFoundError(`There is no export run #${id}.`);
    return Response.json(await listHubPushes(pgPool(), id));
  });
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const { id } = parseInput(exportIdParamsSchema, await params);
    const push = await createHubPush(pgPool(), id, await parseBody(hubPushRequestSchema, request), { userId: user.id });
    return Response.json(push, { status: 202 });
  });
}
