import { exportRequestSchema } from "@/lib/schemas/exports";
import { getExport, updateExport } from "@/lib/server/exports/definitions";
import { exportIdParamsSchema } from "@/lib/server/exports/views";
import { NotFoundError } from "@/lib/server/errors";
import { parseBody, parseInput, respond } from "@/lib/server/http";
import { pgPool } from "@/lib/server/pg";

// GET /api/exports/[id]: one saved export with its definition and last run.
// PUT /api/exports/[id] {ExportRequest}: changes it (reviewers and admins); runs made keep theirs.

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const { id } = parseInput(exportIdParamsSchema, await params);
    const found = await getExport(pgPool(), id);
    if (!found) throw new NotFoundError(`There is no export #${id}.`);
    return Response.json(found);
  });
}

export async function PUT(request: Request, { params }: Context): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const { id } = parseInput(exportIdParamsSchema, await params);
    const input = await parseBody(exportRequestSchema, request);
    return Response.json(await updateExport(pgPool(), id, input, { userId: user.id }));
  });
}
