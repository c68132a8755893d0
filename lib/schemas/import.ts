import { z } from "zod";
import { FORMAT_CHOICES, type FormatChoice } from "@/lib/formats/choices";

// The import form's fields, parsed the same way by the browser form and by POST /api/imports.
// A name holding U+0000 (which Postgres text cannot store) is refused by field where every route
// parses its input (lib/server/http.ts).

export const importRequestSchema = z.object({
  fileName: z.string().trim().min(1, "the file needs a name").max(255),
  dataset: z.string().trim().max(200).optional(),
  constitution: z.string().trim().max(200).optional(),
  format: z.enum(Object.keys(FORMAT_CHOICES) as [FormatChoice, ...FormatChoice[]]).default("auto"),
  skipBadLines: z.stringbool().default(false),
  tags: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    ),
});

export type ImportRequest = z.infer<typeof importRequestSchema>;

export interface ImportProgress {
  fileBytes: number;
  fileBytesRead: number;
  lines: number;
  records: number;
  problems: number;
  elapsedMs: number;
}

export interface LineProblemView {
  line: number;
  field?: string;
  message: string;
}

/** What the browser shows when an import ends well. */
export interface ImportSummary {
  importId: number;
  kind: "dataset" | "constitution";
  format: string;
  dataset?: { id: number; name: string };
  constitution?: { name: string; version: number; versionId: number; unchanged: boolean };
  stats: Record<string, number | string | boolean>;
  problems: { count: number; items: LineProblemView[] };
  notices: { count: number; items: LineProblemView[] };
  sameFileImportedBefore?: { importId: number; createdAt: string };
  elapsedMs: number;
}

/** POST /api/imports answers with one JSON object per line, in this order: progress*, then done or error. */
export type ImportEvent = { type: "progress"; progress: ImportProgress } | { type: "done"; summary: ImportSummary } | { type: "error"; message: string; importId?: number };
