import { z } from "zod";
import { EXPORT_LAYOUTS, exportDefinitionSchema, exportRequestSchema } from "./exports";

// POST /api/exports/preview: an unsaved definition's count and first rows, asked by the export form
// as the person edits it (before it has a name). The layout and definition are checked by the
// export request's own rules (H4 refuses revision 0, ...), so a preview refuses what saving would.

export const exportPreviewRequestSchema = z
  .object({
    layout: z.enum(EXPORT_LAYOUTS),
    definition: exportDefinitionSchema.default(exportDefinitionSchema.parse({})),
    /** rows to show; the count is always of every row */
    limit: z.number().int().min(0).max(50).default(5),
  })
  .superRefine((request, context) => {
    const asSaved = exportRequestSchema.safeParse({ name: "preview", fileType: "JSONL", layout: request.layout, definition: request.definition });
    if (!asSaved.success) for (const issue of asSaved.error.issues) context.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
export type ExportPreviewRequest = z.infer<typeof exportPreviewRequestSchema>;

export interface ExportPreview {
  /** rows the definition's SQL selects; the text filters (evasive, phrases) may leave some out */
  count: number;
  /** true when text filters are on, so `count` is an upper bound */
  countBeforeTextFilters: boolean;
  /** the first `limit` rows, as the export writes them (H4: its sft rows) */
  rows: Record<string, unknown>[];
}
