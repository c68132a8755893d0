import "server-only";
import { roleAtLeast, type SessionUser } from "@/lib/auth/roles";
import { blindPendingAmong } from "../review/blind";
import { findPromptDetail, type PromptDetail } from "./detail";

// The prompt page as the signed-in person may see it: a reviewer who owes one of its comparisons a
// blind answer in a review queue gets that comparison without verdicts, AI labels or people's
// answers, as on the comparison page (lib/server/comparisons/for-viewer.ts).

export async function promptForViewer(id: number, user: SessionUser): Promise<PromptDetail | null> {
  const prompt = await findPromptDetail(id);
  if (!prompt || !roleAtLeast(user.role, "REVIEWER")) return prompt;
  const withheld = await blindPendingAmong(
    prompt.comparisons.map((c) => c.id),
    user.id,
  );
  if (withheld.size === 0) return prompt;
  return { ...prompt, comparisons: prompt.comparisons.map((c) => (withheld.has(c.id) ? { ...c, aiVerdicts: [], aiLabels: [], humanLabels: [] } : c)) };
}
