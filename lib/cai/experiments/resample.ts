// Percentile bootstrap over prompts (Efron & Tibshirani 1993, "An Introduction to the Bootstrap",
// ch. 13): the prompts are redrawn with replacement, each statistic recomputed on the redraw, and
// the 2.5% and 97.5% quantiles of the recomputed values are the 95% interval. Prompts, not
// answers, are the unit: the two arms' answers to one prompt are not independent. All statistics
// of one comparison share each resample (one draw of counts, many weighted sums), so they are
// consistent with each other and the draws are paid once.

import { quantileSorted, type Interval } from "../bootstrap";
import { SeededRandom } from "./random";

export type { Interval };

export const DEFAULT_RESAMPLES = 2000;

export interface ResampleOptions {
  seed: number | string;
  /** default 2,000 */
  resamples?: number;
  /** two-sided coverage, default 0.95 */
  level?: number;
}

/**
 * A statistic of weighted items: weights[i] is how often item i is in the resample (all 1 for the
 * data as observed). null when undefined on this resample (no scored prompt drawn, say).
 */
export type WeightedStatistic = (weights: Int32Array) => number | null;

export interface ResampleResult<K extends string> {
  /** per statistic its percentile interval; null when more than half the resamples left it undefined */
  intervals: Record<K, Interval | null>;
  resamples: number;
}

/**
 * Percentile intervals of several statistics of n items over the same seeded resamples. The
 * quantiles interpolate between neighbouring ranks (R's type 7). Undefined or non-finite values of
 * a statistic are left out of its interval; no items give null intervals.
 */
export function bootstrapWeighted<K extends string>(n: number, statistics: Record<K, WeightedStatistic>, options: ResampleOptions): ResampleResult<K> {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) throw new Error(`bootstrap: resamples must be a whole number >= 1, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new Error(`bootstrap: level must be in (0, 1), got ${level}`);
  const names = Object.keys(statistics) as K[];
  const values = names.map(() => new Float64Array(resamples));
  const defined = names.map(() => 0);
  if (n > 0) {
    const random = new SeededRandom(options.seed);
    const counts = new Int32Array(n);
    for (let r = 0; r < resamples; r++) {
      random.resampleCounts(counts);
      names.forEach((name, k) => {
        const value = statistics[name](counts);
        if (value !== null && Number.isFinite(value)) values[k][defined[k]++] = value;
      });
    }
  }
  const intervals = {} as Record<K, Interval | null>;
  names.forEach((name, k) => {
    if (defined[k] === 0 || defined[k] * 2 < resamples) {
      intervals[name] = null;
      return;
    }
    const sorted = Array.from(values[k].subarray(0, defined[k]).sort());
    intervals[name] = { low: quantileSorted(sorted, (1 - level) / 2), high: quantileSorted(sorted, 1 - (1 - level) / 2) };
  });
  return { intervals, resamples };
}
