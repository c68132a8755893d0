import type { ExportDefinition } from "@/lib/schemas/exports";
import { isEvasive } from "../charts/evasive";

// The filters applied to text as rows stream past (everything else is a WHERE clause): evasive
// refusals (lib/cai/charts/evasive.ts) and phrases such as the paper's boilerplate, matched
// case-insensitively anywhere in the answer (SFT, H4) or the chosen response (PREFERENCE).

export type LeftOutReason = "evasive" | "phrase";

export function textFilter(definition: Pick<ExportDefinition, "excludeEvasive" | "excludePhrases">): (text: string) => LeftOutReason | null {
  const phrases = definition.excludePhrases.map((p) => p.toLowerCase());
  return (text) => {
    if (definition.excludeEvasive && isEvasive(text)) return "evasive";
    if (phrases.length > 0) {
      const lower = text.toLowerCase();
      if (phrases.some((p) => lower.includes(p))) return "phrase";
    }
    return null;
  };
}
