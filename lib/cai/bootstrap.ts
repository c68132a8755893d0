// Percentile bootstrap over items: how much a figure (an accuracy, a kappa, an alpha) would move if
// we had drawn other items of the same kind. Items (pairs), not answers, are resampled, because
// answers on one pair are not independent. Seeded, so a page shows the same interval every time.

import { mulberry32 } from "./seeded-random";

export interface Interval {
  low: number;
  high: number;
}

export interface BootstrapOptions {
  seed: number;
  /** resamples wanted; fewer when the items are many (see resamplesFor) */
  resamples?: number;
  /** two-sided coverage, 0.95 by default */
  level?: number;
}

export const BOOTSTRAP_RESAMPLES = 1000;
/** at most about this many item draws per figure, so a page over 100k pairs stays quick */
const DRAW_BUDGET = 4_000_000;
const MIN_RESAMPLES = 200;

/** How many resamples over n items: the wanted number, cut to the draw budget but never below 200. */
export function resamplesFor(n: number, wanted = BOOTSTRAP_RESAMPLES): number {
  if (n <= 0) return wanted;
  return Math.max(Math.min(wanted, MIN_RESAMPLES), Math.min(wanted, Math.floor(DRAW_BUDGET / n)));
}

/**
 * The q-quantile of sorted values, interpolating linearly between the two nearest ranks (R's
 * type 7, numpy's default): position q * (length - 1).
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("quantileSorted: no values");
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * Percentile intervals of several statistics over the same resamples of the items. Each item is a
 * vector of counts (e.g. its 2 x 2 table of AI answer against person's answer) and each statistic
 * a function of the resample's summed vector, as accuracy, kappa and alpha are: a resample is then
 * only draws and additions, with no sample built. A statistic may be undefined (null) on a resample
 * (kappa when every drawn answer is the same); those resamples are left out of its interval, and
 * when more than half are undefined the interval is null. No items give null intervals.
 */
export function bootstrapIntervals<K extends string>(
  items: readonly (readonly number[])[],
  statistics: Record<K, (total: number[]) => number | null>,
  options: BootstrapOptions,
): Record<K, Interval | null> & { resamples: number } {
  const names = Object.keys(statistics) as K[];
  const resamples = resamplesFor(items.length, options.resamples);
  const level = options.level ?? 0.95;
  const values = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  if (items.length > 0) {
    // items with the same vector are one type: a draw only counts which type it hit
    const size = items[0].length;
    const typeIds = new Map<string, number>();
    const types: (readonly number[])[] = [];
    const typeOf = new Int32Array(items.length);
    items.forEach((item, i) => {
      const key = item.join(",");
      if (!typeIds.has(key)) {
        typeIds.set(key, types.length);
        types.push(item);
      }
      typeOf[i] = typeIds.get(key)!;
    });
    const random = mulberry32(options.seed);
    const counts = new Float64Array(types.length);
    for (let r = 0; r < resamples; r++) {
      counts.fill(0);
      for (let i = 0; i < items.length; i++) counts[typeOf[Math.floor(random() * items.length)]]++;
      const total = new Array<number>(size).fill(0);
      for (let t = 0; t < types.length; t++) {
        if (counts[t] === 0) continue;
        for (let j = 0; j < size; j++) total[j] += counts[t] * types[t][j];
      }
      for (const name of names) {
        const value = statistics[name](total);
        if (value !== null && Number.isFinite(value)) values[name].push(value);
      }
    }
  }
  const intervals = {} as Record<K, Interval | null>;
  for (const name of names) {
    const sorted = values[name].sort((a, b) => a - b);
    intervals[name] = sorted.length === 0 || sorted.length * 2 < resamples ? null : { low: quantileSorted(sorted, (1 - level) / 2), high: quantileSorted(sorted, 1 - (1 - level) / 2) };
  }
  return { ...intervals, resamples };
}

/** Vectors added up, element by element (all of the first's length). */
export function sumVectors(items: readonly (readonly number[])[], size = items[0]?.length ?? 0): number[] {
  const total = new Array<number>(size).fill(0);
  for (const item of items) for (let j = 0; j < size; j++) total[j] += item[j];
  return total;
}
