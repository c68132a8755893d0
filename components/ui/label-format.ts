// How the studio writes the numbers of AI labels, the same on the server and in the browser.
// Every P(A) is "the comparison's response A is better", whichever order the two were shown in.

import type { ComparisonSource } from "@/lib/schemas/comparisons";

/** 0.786 */
export function formatProbability(p: number | null | undefined): string {
  return p === null || p === undefined || Number.isNaN(p) ? "—" : p.toFixed(3);
}

/** −0.300 (a true minus sign, so a column of log-probs lines up and reads as negative) */
export function formatLogprob(lp: number | null | undefined): string {
  if (lp === null || lp === undefined || Number.isNaN(lp)) return "—";
  return lp < 0 ? `−${Math.abs(lp).toFixed(3)}` : lp.toFixed(3);
}

/** 12.5% */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return "—";
  return `${(rate * 100).toFixed(1)}%`;
}

/** Which response a probability favours, in words: a tie at exactly 0.5 favours neither. */
export function preferenceWords(pA: number): string {
  if (pA > 0.5) return "prefers A";
  if (pA < 0.5) return "prefers B";
  return "no preference";
}

export const METHOD_LABELS: Record<"LOGPROBS" | "SAMPLED" | "STATED", string> = {
  LOGPROBS: "log-probs",
  SAMPLED: "sampled (fallback)",
  STATED: "stated probability (fallback)",
};

export const SOURCE_LABELS: Record<ComparisonSource, string> = {
  IMPORTED: "imported",
  CHAIN: "chain",
  SAMPLES: "samples",
  MANUAL: "manual",
  ARMS: "experiment arms",
};

export const ORIGIN_LABELS: Record<"INITIAL" | "REVISION" | "SAMPLE" | "IMPORTED", string> = {
  INITIAL: "initial response",
  REVISION: "revision",
  SAMPLE: "sample",
  IMPORTED: "imported answer",
};
