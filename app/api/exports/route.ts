import { exportRequestSchema } from "@/lib/schemas/exports";
import { createExport, listExports } from "@/lib/server/exports/definitions";
import { parseBody, respond } from "@/lib/server/http";
import { pgPool } from "@/lib/server/pg";

// GET /api/exports: every saved export, newest first, with who made it and its last run.
// POST /api/exports {ExportRequest}: saves a new export definition (reviewers and admins).

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => Response.json(await listExports(pgPool())));
}

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = await parseBody(exportRequestSchema, request);
    return Response.json(await createExport(pgPool(), input, { userId: user.id }), { status: 201 });
  });
}
