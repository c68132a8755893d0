// Wilcoxon signed-rank test of paired differences (Wilcoxon 1945; Hollander & Wolfe 1999,
// "Nonparametric Statistical Methods", 3.1), two-sided, computed as R's wilcox.test(x, y, paired =
// TRUE) does so that a statistician can check any figure there:
//   - zero differences are dropped (Wilcoxon's convention) and n counts the rest;
//   - |d| are ranked, tied values sharing their mean rank; V is the sum of the ranks of positive d;
//   - exact: when n < 50 and there are no ties and no zeros, p = 2 x the smaller tail of V's null
//     distribution (the 2^n equally likely sign patterns, counted by dynamic programming), at most 1;
//   - otherwise the normal approximation: z = (V - n(n + 1)/4 - 0.5 sign) / sigma with
//     sigma^2 = n(n + 1)(2n + 1)/24 - sum over tie groups (t^3 - t)/48 (the tie correction) and
//     a continuity correction of 0.5 towards the mean; p = 2 P(Z > |z|).
//
//   Hollander & Wolfe's Hamilton depression scale, 9 patients (R's ?wilcox.test example):
//   V = 40, exact p = 2 x 10 / 2^9 = 0.0390625

import { normalCdf } from "./normal";

/** Below this many nonzero differences (and without ties or zeros) the p-value is exact. */
export const WILCOXON_EXACT_BELOW = 50;

export interface WilcoxonResult {
  /** nonzero differences */
  n: number;
  zeros: number;
  /** sum of the ranks of the positive differences */
  vPlus: number;
  /** two-sided p-value; 1 when n = 0 */
  p: number;
  method: "exact" | "normal";
  /** the standardised statistic of the normal approximation (with continuity correction) */
  z: number | null;
}

/** Average ranks (1-based) of values, ties sharing the mean of their positions, and the sizes of the tie groups. */
export function averageRanks(values: Float64Array): { ranks: Float64Array; tieGroups: number[] } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  const tieGroups: number[] = [];
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    if (end - start > 1) tieGroups.push(end - start);
    start = end;
  }
  return { ranks, tieGroups };
}

/**
 * counts[s] = how many subsets of {1..n} sum to s: the null distribution of V times 2^n. Exact in
 * doubles for n < 50 (counts below 2^49).
 */
export function signedRankCounts(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) for (let s = (k * (k + 1)) / 2; s >= k; s--) counts[s] += counts[s - k];
  return counts;
}

/** The two-sided signed-rank test of the differences (x - y per pair). */
export function wilcoxonSignedRank(differences: ArrayLike<number>): WilcoxonResult {
  const nonzero: number[] = [];
  let zeros = 0;
  for (let i = 0; i < differences.length; i++) {
    const d = differences[i];
    if (!Number.isFinite(d)) throw new Error(`wilcoxonSignedRank: not a finite difference: ${d}`);
    if (d === 0) zeros++;
    else nonzero.push(d);
  }
  const n = nonzero.length;
  if (n === 0) return { n, zeros, vPlus: 0, p: 1, method: zeros > 0 ? "normal" : "exact", z: null };
  const { ranks, tieGroups } = averageRanks(Float64Array.from(nonzero, Math.abs));
  let vPlus = 0;
  nonzero.forEach((d, i) => {
    if (d > 0) vPlus += ranks[i];
  });
  const mean = (n * (n + 1)) / 4;
  if (n < WILCOXON_EXACT_BELOW && tieGroups.length === 0 && zeros === 0) {
    const counts = signedRankCounts(n);
    const total = 2 ** n;
    // V is a whole number here (no ties): the tail from V away from the mean, V included
    let tail = 0;
    if (vPlus > mean) for (let s = vPlus; s < counts.length; s++) tail += counts[s];
    else for (let s = 0; s <= vPlus; s++) tail += counts[s];
    return { n, zeros, vPlus, p: Math.min(1, (2 * tail) / total), method: "exact", z: null };
  }
  const ties = tieGroups.reduce((sum, t) => sum + t ** 3 - t, 0);
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - ties / 48);
  const centred = vPlus - mean;
  const z = sigma > 0 ? (centred - 0.5 * Math.sign(centred)) / sigma : 0;
  return { n, zeros, vPlus, p: Math.min(1, 2 * normalCdf(-Math.abs(z))), method: "normal", z };
}
