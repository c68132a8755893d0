// How far to trust the AI's labels: its agreement with people, and people's agreement with each
// other. Plain functions over answers; lib/server/agreement gathers the answers.

export type Answer = string;

export interface KappaResult {
  kappa: number | null;
  /** share of items both gave the same answer */
  observed: number;
  /** share expected by chance, from each rater's own answer frequencies */
  expected: number;
  n: number;
}

/**
 * Cohen's kappa for two raters: (observed - expected) / (1 - expected). Null when it is undefined
 * (no items, or both raters always gave one and the same answer, so chance explains everything).
 */
export function cohensKappa(pairs: [Answer, Answer][]): KappaResult {
  const n = pairs.length;
  if (n === 0) return { kappa: null, observed: 0, expected: 0, n };
  const first = new Map<Answer, number>();
  const second = new Map<Answer, number>();
  let same = 0;
  for (const [a, b] of pairs) {
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
    if (a === b) same++;
  }
  const observed = same / n;
  let expected = 0;
  for (const [category, count] of first) expected += (count / n) * ((second.get(category) ?? 0) / n);
  return { kappa: expected === 1 ? null : (observed - expected) / (1 - expected), observed, expected, n };
}

/**
 * Krippendorff's alpha for nominal answers, any number of raters, missing answers allowed
 * (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"). `units[u][r]` is rater r's
 * answer on unit u, or undefined. Units with fewer than two answers are not pairable and are left
 * out. Null when there is no pairable unit or only one answer value occurs.
 */
export function krippendorffAlpha(units: (Answer | undefined)[][]): { alpha: number | null; pairable: number } {
  const coincidences = new Map<string, number>(); // "c\u0000k" -> o_ck
  const totals = new Map<Answer, number>(); // n_c
  for (const unit of units) {
    const values = unit.filter((v): v is Answer => v !== undefined);
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const key = `${values[i]}\u0000${values[j]}`;
        coincidences.set(key, (coincidences.get(key) ?? 0) + 1 / (m - 1));
      }
      totals.set(values[i], (totals.get(values[i]) ?? 0) + 1);
    }
  }
  const n = [...totals.values()].reduce((sum, v) => sum + v, 0);
  if (n === 0 || totals.size < 2) return { alpha: null, pairable: n };
  let disagreeing = 0;
  for (const [key, value] of coincidences) {
    const [c, k] = key.split("\u0000");
    if (c !== k) disagreeing += value;
  }
  let expectedDisagreeing = 0;
  for (const [c, nc] of totals) for (const [k, nk] of totals) if (c !== k) expectedDisagreeing += nc * nk;
  return { alpha: 1 - ((n - 1) * disagreeing) / expectedDisagreeing, pairable: n };
}

/** The AI's answer from its probability that A is better; no answer at exactly 0.5. */
export function aiChoice(pA: number): "A" | "B" | undefined {
  return pA > 0.5 ? "A" : pA < 0.5 ? "B" : undefined;
}

/** Which confidence bin of the given width |P(A) - 0.5| falls in (0 is the least confident). */
export function confidenceBinIndex(pA: number, width = 0.1): number {
  const count = Math.round(0.5 / width);
  // a hair added: |0.3 - 0.5| / 0.1 is 1.9999999999999996 in floating point, and belongs in bin 2
  return Math.min(count - 1, Math.floor(Math.abs(pA - 0.5) / width + 1e-9));
}
