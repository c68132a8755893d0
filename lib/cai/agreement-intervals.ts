// The agreement figures with what they rest on: how many pairs and answers, a 95% interval from a
// seeded bootstrap over pairs, and whether there are enough pairs to read anything into them.

import { aiChoice, cohensKappa, confidenceBinIndex, krippendorffAlpha, type Answer } from "./agreement";
import { bootstrapIntervals, type Interval } from "./bootstrap";
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

function answered(items: AiItem[]): [Answer, Answer][] {
  const pairs: [Answer, Answer][] = [];
  for (const item of items) {
    for (const { pA, human } of item) {
      const ai = aiChoice(pA);
      if (ai) pairs.push([ai, human]);
    }
  }
  return pairs;
}

function accuracyOf(pairs: [Answer, Answer][]): number | null {
  if (pairs.length === 0) return null;
  return pairs.filter(([a, b]) => a === b).length / pairs.length;
}

/** The AI's answers (from P(A); none at exactly 0.5) against people's, over the given pairs. */
export function aiAgreementScore(items: AiItem[], seed = AGREEMENT_SEED): AgreementScore {
  const kept = items.filter((item) => item.some((p) => aiChoice(p.pA) !== undefined));
  const pairs = answered(kept);
  const intervals = bootstrapIntervals(kept, {
    accuracy: (sample) => accuracyOf(answered(sample)),
    kappa: (sample) => cohensKappa(answered(sample)).kappa,
  }, { seed });
  return {
    items: kept.length,
    n: pairs.length,
    agree: pairs.filter(([a, b]) => a === b).length,
    accuracy: accuracyOf(pairs),
    accuracyInterval: intervals.accuracy,
    kappa: cohensKappa(pairs).kappa,
    kappaInterval: intervals.kappa,
    reliable: kept.length >= RELIABLE_ITEMS,
    resamples: intervals.resamples,
  };
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
  const { kappa, observed, n } = cohensKappa(pairs);
  const intervals = bootstrapIntervals(pairs, {
    observed: (sample) => cohensKappa(sample).observed,
    kappa: (sample) => cohensKappa(sample).kappa,
  }, { seed });
  return { n, observed, observedInterval: intervals.observed, kappa, kappaInterval: intervals.kappa, reliable: n >= RELIABLE_ITEMS };
}

export interface AlphaScore {
  alpha: number | null;
  alphaInterval: Interval | null;
  /** pairs with two or more answers */
  units: number;
  reliable: boolean;
}

/** Krippendorff's alpha over units (pairs) that have two or more answers, with its interval. */
export function alphaScore(units: (Answer | undefined)[][], seed = AGREEMENT_SEED): AlphaScore {
  const pairable = units.filter((unit) => unit.filter((v) => v !== undefined).length >= 2);
  const intervals = bootstrapIntervals(pairable, { alpha: (sample) => krippendorffAlpha(sample).alpha }, { seed });
  return { alpha: krippendorffAlpha(pairable).alpha, alphaInterval: intervals.alpha, units: pairable.length, reliable: pairable.length >= RELIABLE_ITEMS };
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
