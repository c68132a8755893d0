import type { ExportFileTypeName, ExportLayoutName } from "@/lib/schemas/exports";

// Short names of the layouts and file types, for tables and headings.

export const LAYOUT_NAMES: Record<ExportLayoutName, string> = { SFT: "SFT", PREFERENCE: "Preference", H4_CAI: "H4 CAI" };
export const FILE_TYPE_NAMES: Record<ExportFileTypeName, string> = { JSONL: "JSONL", CSV: "CSV", PARQUET: "Parquet" };
