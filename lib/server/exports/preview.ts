import "server-only";
import type pg from "pg";
import type { ExportDefinition, ExportLayoutName } from "@/lib/schemas/exports";
import { chunkRows, countSelected } from "./stream";

// What an export would write, before running it: the first rows exactly as they would be written
// (H4: its sft rows, train and test, in stream order) and how many rows the definition selects:
// short statements, no transaction, so a preview never holds the embedded database up.

export interface ExportPreview {
  /** rows the definition's SQL selects; the text filters (evasive, phrases) and ties may drop some */
  count: number;
  /** true when text filters are on, so `count` is an upper bound */
  countBeforeTextFilters: boolean;
  rows: object[];
}

export async function previewExport(db: pg.Pool, { layout, definition }: { layout: ExportLayoutName; definition: ExportDefinition }, limit = 5): Promise<ExportPreview> {
  const count = await countSelected(db, layout, definition);
  const rows: object[] = [];
  await chunkRows(db, layout, definition, {
    batchSize: Math.max(50, limit * 4),
    form: "plain",
    onRows(batch) {
      for (const { files, row } of batch) {
        if (rows.length < limit && (layout !== "H4_CAI" || files.some((f) => f.endsWith("_sft")))) rows.push(row);
      }
      return rows.length < limit;
    },
  });
  return { count, countBeforeTextFilters: definition.excludeEvasive || definition.excludePhrases.length > 0, rows };
}
