import type { ExportLayoutName } from "@/lib/schemas/exports";

// The columns of each layout, in the order CSV headers and Parquet schemas list them. JSONL writes
// the row objects as they are (same keys, same order).

export type ColumnKind = "string" | "nullableString" | "double" | "int" | "strings" | "messages";

export interface Column {
  name: string;
  kind: ColumnKind;
}

export const LAYOUT_COLUMNS: Record<ExportLayoutName, Column[]> = {
  SFT: [{ name: "messages", kind: "messages" }],
  PREFERENCE: [
    { name: "prompt", kind: "messages" },
    { name: "chosen", kind: "messages" },
    { name: "rejected", kind: "messages" },
    { name: "soft_label", kind: "double" },
    { name: "label_source", kind: "string" },
    { name: "principle_ids", kind: "strings" },
    { name: "judge_endpoint", kind: "nullableString" },
    { name: "judge_model", kind: "nullableString" },
    { name: "comparison_id", kind: "int" },
  ],
  H4_CAI: [
    { name: "init_prompt", kind: "string" },
    { name: "init_response", kind: "string" },
    { name: "critic_prompt", kind: "string" },
    { name: "critic_response", kind: "string" },
    { name: "revision_prompt", kind: "string" },
    { name: "revision_response", kind: "string" },
    { name: "prompt", kind: "string" },
    { name: "messages", kind: "messages" },
    { name: "chosen", kind: "messages" },
    { name: "rejected", kind: "messages" },
  ],
};
