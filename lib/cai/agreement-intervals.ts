// The agreement figures with what they rest on: how many pairs and answers, a 95% interval from a
// seeded bootstrap over pairs, and whether there are enough pairs to read anything into them.
// Each pair is first reduced to its small table of counts (which answer against which), so a
// resample only adds tables (lib/cai/bootstrap.ts).

import { aiChoice, confidenceBinIndex, krippendorffAlpha, type Answer } from "./agreement";
import { bootstrapIntervals, sumVectors, type Interval } from "./bootstrap";
import { seedFrom } from "./seeded-random";

/** Below this many pairs a figure is shown, but called unreliable. */
export const RELIABLE_ITEMS = 30;
/** One seed for every interval on the agreement page: the same data gives the same intervals. */
export const AGREEMENT_SEED = seedFrom("cai-studio agreement bootstrap");

/** People's A/B answers on one pair against the AI's P(A) for it (one per verdict). */
export type AiItem = { pA: number; human: "A" | "B" }[];

export interface AgreementScore {
  /** pairs the figure rests on (the bootstrap resamples these) */
  items: number;
  /** AI-vs-person answer pairs counted */
  n: number;
  agree: number;
  accuracy: number | null;
  accuracyInterval: Interval | null;
  kappa: number | null;
  kappaInterval: Interval | null;
  reliable: boolean;
  resamples: number;
}

/**
 * A k x k table of counts, row = first rater's answer, column = second's, flattened. Cohen's kappa
 * from it: (observed - expected) / (1 - expected), expected from each rater's own shares; null
 * when there is nothing or when expected is 1 (both always gave one and the same answer).
 */
export function kappaOfTable(table: readonly number[], k: number): { kappa: number | null; observed: number; n: number } {
  let n = 0;
  let same = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) n += table[i * k + j];
  if (n === 0) return { kappa: null, observed: 0, n };
  let expected = 0;
  for (let c = 0; c < k; c++) {
    same += table[c * k + c];
    let row = 0;
    let column = 0;
    for (let j = 0; j < k; j++) {
      row += table[c * k + j];
      column += table[j * k + c];
    }
    expected += (row / n) * (column / n);
  }
  const observed = same / n;
  return { kappa: expected === 1 ? null : (observed - expected) / (1 - expected), observed, n };
}

const AB = ["A", "B"];

/** An AI item as its 2 x 2 table: AI A/B (row) against the person's A/B (column); no AI answer at 0.5. */
function aiTable(item: AiItem): number[] {
  const table = [0, 0, 0, 0];
  for (const { pA, human } of item) {
    const ai = aiChoice(pA);
    if (ai) table[AB.indexOf(ai) * 2 + AB.indexOf(human)]++;
  }
  return table;
}

const accuracyOf = (t: readonly number[]) => {
  const n = t[0] + t[1] + t[2] + t[3];
  return n === 0 ? null : (t[0] + t[3]) / n;
};

/** The AI's answers (from P(A); none at exactly 0.5) against people's, over the given pairs. */
export function aiAgreementScore(items: AiItem[], seed = AGREEMENT_SEED): AgreementScore {
  const tables = items.map(aiTable).filter((t) => t[0] + t[1] + t[2] + t[3] > 0);
  const total = sumVectors(tables, 4);
  const intervals = bootstrapIntervals(
    tables,
    {
      accuracy: (sum) => accuracyOf(sum),
      kappa: (sum) => kappaOfTable(sum, 2).kappa,
    },
    { seed },
  );
  return {
    items: tables.length,
    n: total[0] + total[1] + total[2] + total[3],
    agree: total[0] + total[3],
    accuracy: accuracyOf(total),
    accuracyInterval: intervals.accuracy,
    kappa: kappaOfTable(total, 2).kappa,
    kappaInterval: intervals.kappa,
    reliable: tables.length >= RELIABLE_ITEMS,
    resamples: intervals.resamples,
  };
}

/** The AI-vs-people score per confidence bin |P(A) - 0.5| of the given width, each with its interval. */
export function aiAgreementByConfidence(items: AiItem[], width = 0.1, seed = AGREEMENT_SEED): (AgreementScore & { low: number; high: number })[] {
  const count = Math.round(0.5 / width);
  const binned: AiItem[][] = Array.from({ length: count }, () => []);
  for (const item of items) {
    // an item judged by several runs may fall in several bins: each bin gets its own points
    const parts = new Map<number, AiItem>();
    for (const point of item) {
      const index = confidenceBinIndex(point.pA, width);
      parts.set(index, [...(parts.get(index) ?? []), point]);
    }
    for (const [index, part] of parts) binned[index].push(part);
  }
  return binned.map((bin, i) => ({ low: i * width, high: (i + 1) * width, ...aiAgreementScore(bin, seed) }));
}

export interface RaterPairScore {
  /** pairs both people answered */
  n: number;
  observed: number;
  observedInterval: Interval | null;
  kappa: number | null;
  kappaInterval: Interval | null;
  reliable: boolean;
}

/** Cohen's kappa of two people over the pairs both answered (one [first, second] answer per pair). */
export function raterPairScore(pairs: [Answer, Answer][], seed = AGREEMENT_SEED): RaterPairScore {
  const categories = [...new Set(pairs.flat())].sort();
  const k = categories.length;
  const tables = pairs.map(([a, b]) => {
    const table = new Array<number>(k * k).fill(0);
    table[categories.indexOf(a) * k + categories.indexOf(b)] = 1;
    return table;
  });
  const { kappa, observed, n } = kappaOfTable(sumVectors(tables, k * k), k);
  const intervals = bootstrapIntervals(
    tables,
    {
      observed: (sum) => kappaOfTable(sum, k).observed,
      kappa: (sum) => kappaOfTable(sum, k).kappa,
    },
    { seed },
  );
  return { n, observed, observedInterval: intervals.observed, kappa, kappaInterval: intervals.kappa, reliable: n >= RELIABLE_ITEMS };
}

export interface AlphaScore {
  alpha: number | null;
  alphaInterval: Interval | null;
  /** pairs with two or more answers */
  units: number;
  reliable: boolean;
}

/**
 * Krippendorff's alpha from a k x k coincidence matrix: n_c its row sums, alpha = 1 - (n - 1) D_o
 * / sum_{c != k} n_c n_k, D_o its off-diagonal sum; null with no values or only one value used.
 */
function alphaOfCoincidences(o: readonly number[], k: number): number | null {
  const totals = new Array<number>(k).fill(0);
  let disagreeing = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < k; j++) {
      totals[c] += o[c * k + j];
      if (c !== j) disagreeing += o[c * k + j];
    }
  }
  const n = totals.reduce((sum, v) => sum + v, 0);
  if (n === 0 || totals.filter((v) => v > 1e-12).length < 2) return null;
  let expectedDisagreeing = 0;
  for (let c = 0; c < k; c++) for (let j = 0; j < k; j++) if (c !== j) expectedDisagreeing += totals[c] * totals[j];
  return 1 - ((n - 1) * disagreeing) / expectedDisagreeing;
}

/** Krippendorff's alpha over units (pairs) that have two or more answers, with its interval. */
export function alphaScore(units: (Answer | undefined)[][], seed = AGREEMENT_SEED): AlphaScore {
  const pairable = units.map((unit) => unit.filter((v): v is Answer => v !== undefined)).filter((values) => values.length >= 2);
  const categories = [...new Set(pairable.flat())].sort();
  const k = categories.length;
  // each unit's coincidences: every ordered pair of its values, weighted 1 / (m - 1)
  const matrices = pairable.map((values) => {
    const o = new Array<number>(k * k).fill(0);
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values.length; j++) if (i !== j) o[categories.indexOf(values[i]) * k + categories.indexOf(values[j])] += 1 / (values.length - 1);
    }
    return o;
  });
  const intervals = bootstrapIntervals(matrices, { alpha: (sum) => alphaOfCoincidences(sum, k) }, { seed });
  return { alpha: krippendorffAlpha(pairable).alpha, alphaInterval: intervals.alpha, units: pairable.length, reliable: pairable.length >= RELIABLE_ITEMS };
}
