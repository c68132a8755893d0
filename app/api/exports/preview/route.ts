import { exportPreviewRequestSchema } from "@/lib/schemas/export-preview";
import { previewExport } from "@/lib/server/exports/preview";
import { parseBody, respond } from "@/lib/server/http";
import { pgPool } from "@/lib/server/pg";

// POST /api/exports/preview {layout, definition, limit}: how many rows an unsaved definition selects
// and its first rows as the export would write them; the export form asks as the person edits.
// Reviewers and admins (the people who can save and run exports).

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async () => {
    const { layout, definition, limit } = await parseBody(exportPreviewRequestSchema, request);
    return Response.json(await previewExport(pgPool(), { layout, definition }, limit));
  });
}
