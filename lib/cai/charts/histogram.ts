// Soft labels' distribution (raw against clamped) and how many of them are confident.

import { unitBinIndex, unitBins } from "./unit-bins";

export interface HistogramBin {
  low: number;
  high: number;
  count: number;
  /** count / the number of values binned; 0 when none were */
  share: number;
}

export interface Histogram {
  bins: HistogramBin[];
  /** values binned */
  total: number;
  /** values outside [0, 1] or NaN: left out of the bins and of `total`, counted here */
  outOfRange: number;
}

/**
 * Counts of probabilities in `bins` equal-width bins over [0, 1]. Each bin holds its lower edge and
 * not its upper one, except the last, which holds 1: with 10 bins 0.5 is in [0.5, 0.6) and 1 in
 * [0.9, 1]. So labels clamped to the paper's [0.4, 0.6] pile up in [0.4, 0.5) and [0.6, 0.7): draw
 * raw and clamped with the same bins and the pile-up at the clamp edges is what the chart shows.
 */
export function histogram(values: number[], bins = 10): Histogram {
  const result = unitBins(bins).map((b) => ({ ...b, count: 0, share: 0 }));
  let outOfRange = 0;
  for (const v of values) {
    const index = unitBinIndex(v, bins);
    if (index === undefined) outOfRange++;
    else result[index].count++;
  }
  const total = values.length - outOfRange;
  for (const bin of result) bin.share = total > 0 ? bin.count / total : 0;
  return { bins: result, total, outOfRange };
}

/**
 * Share of labels at least `margin` from a coin toss: |p - 0.5| >= margin. Null for no values.
 * With margin 0.1, 0.6 and 0.4 count as confident although |0.6 - 0.5| is 0.09999999999999998 in
 * floating point: a 1e-12 tolerance keeps a clamped label at the clamp edge on the confident side.
 * Values outside [0, 1] or NaN throw: they are not probabilities.
 */
export function confidentShare(values: number[], margin: number): number | null {
  if (!(margin >= 0 && margin <= 0.5)) throw new Error(`margin must be in [0, 0.5], got ${margin}`);
  for (const v of values) if (!(v >= 0 && v <= 1)) throw new Error(`confidentShare: not a probability: ${v}`);
  if (values.length === 0) return null;
  return values.filter((p) => Math.abs(p - 0.5) >= margin - 1e-12).length / values.length;
}
