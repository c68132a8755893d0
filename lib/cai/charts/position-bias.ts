// Position bias of a feedback model: does it prefer whichever response is shown first? Each pair is
// one comparison judged in both orders.

import { isFlip } from "../soft-label";

export interface OrderPair {
  /** P(the first-shown response is better) in the original order, A first: P(A) in order AB */
  pFirst: number;
  /** P(the first-shown response is better) in the swapped order, B first: 1 - P(A) in order BA */
  pSwappedFirst: number;
}

/**
 * From labels stored as P(response A better) for each order (soft-label.ts's forResponseA) to the
 * first-position view: pFirst = P(A) in AB, pSwappedFirst = 1 - P(A) in BA.
 */
export function orderPair(pA_AB: number, pA_BA: number): OrderPair {
  return { pFirst: pA_AB, pSwappedFirst: 1 - pA_BA };
}

export interface PositionBias {
  pairs: number;
  /** mean P(A) when A is shown first; null when no pairs (likewise below) */
  meanPAOrder1: number | null;
  /** mean P(A) when A is shown second: mean of 1 - pSwappedFirst */
  meanPAOrder2: number | null;
  /**
   * mean probability given to whichever response is shown first, both orders: 0.5 is no bias,
   * above prefers the first position. Equals (1 + meanPAOrder1 - meanPAOrder2) / 2.
   */
  meanFirst: number | null;
  /**
   * of the 2 x pairs single judgments that pick a side (p != 0.5), the share picking the one shown
   * first; null when none picks a side
   */
  firstPreferredShare: number | null;
  /** share of pairs whose two orders pick different winners (0.5 is no pick, so never a flip) */
  flipRate: number | null;
  /** flips where both orders picked the first-shown response (position bias) */
  flipsToFirst: number;
  /** flips where both orders picked the second-shown response (recency bias) */
  flipsToSecond: number;
}

/** Position bias over pairs judged in both orders. A probability outside [0, 1] throws. */
export function positionBias(pairs: OrderPair[]): PositionBias {
  let sumFirst = 0;
  let sumSwapped = 0;
  let pickedFirst = 0;
  let picked = 0;
  let flipsToFirst = 0;
  let flipsToSecond = 0;
  for (const { pFirst, pSwappedFirst } of pairs) {
    for (const p of [pFirst, pSwappedFirst]) {
      if (!(p >= 0 && p <= 1)) throw new Error(`positionBias: not a probability: ${p}`);
      if (p !== 0.5) picked++;
      if (p > 0.5) pickedFirst++;
    }
    sumFirst += pFirst;
    sumSwapped += pSwappedFirst;
    if (isFlip(pFirst, 1 - pSwappedFirst)) {
      if (pFirst > 0.5) flipsToFirst++;
      else flipsToSecond++;
    }
  }
  const n = pairs.length;
  if (n === 0) {
    return { pairs: 0, meanPAOrder1: null, meanPAOrder2: null, meanFirst: null, firstPreferredShare: null, flipRate: null, flipsToFirst, flipsToSecond };
  }
  return {
    pairs: n,
    meanPAOrder1: sumFirst / n,
    meanPAOrder2: 1 - sumSwapped / n,
    meanFirst: (sumFirst + sumSwapped) / (2 * n),
    firstPreferredShare: picked > 0 ? pickedFirst / picked : null,
    flipRate: (flipsToFirst + flipsToSecond) / n,
    flipsToFirst,
    flipsToSecond,
  };
}

/** positionBias per group, e.g. per principle or per judge endpoint, in the groups' order. */
export function positionBiasByGroup<K extends string | number>(groups: { key: K; pairs: OrderPair[] }[]): ({ key: K } & PositionBias)[] {
  return groups.map(({ key, pairs }) => ({ key, ...positionBias(pairs) }));
}
