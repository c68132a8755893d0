// Mean and 95% confidence interval of a score (e.g. PM score per revision number): from the values
// themselves, or from the aggregates SQL returns (count, sum, sum of squares), which give the same
// numbers.

export interface MeanInterval {
  n: number;
  /** null when n = 0 */
  mean: number | null;
  /** sample standard deviation (divides by n - 1); null when n < 2 */
  sd: number | null;
  /** 95% interval for the mean, mean -/+ t(0.975, n - 1) * sd / sqrt(n); null when n < 2 */
  low: number | null;
  high: number | null;
}

// t(0.975, df) for df = 1..30 (scipy.stats.t.ppf, 7 decimals); index 0 unused
const T975 = [
  NaN,
  12.7062047,
  4.3026527,
  3.1824463,
  2.7764451,
  2.5705818,
  2.4469119,
  2.3646243,
  2.3060041,
  2.2621572,
  2.2281389,
  2.2009852,
  2.1788128,
  2.1603687,
  2.1447867,
  2.1314495,
  2.1199053,
  2.1098156,
  2.100922,
  2.0930241,
  2.0859634,
  2.0796138,
  2.0738731,
  2.0686576,
  2.0638986,
  2.0595386,
  2.0555294,
  2.0518305,
  2.0484071,
  2.0452296,
  2.0422725,
];
const Z975 = 1.959963984540054;

/**
 * The 97.5% quantile of Student's t with df degrees of freedom: the multiplier of a two-sided 95%
 * interval. Exact table for df <= 30; beyond, the Cornish-Fisher expansion around the normal
 * quantile to 1/df^4 (error below 3e-8 at df = 31, shrinking fast). Non-integer df above 30 are
 * accepted; below 30 df is rounded down (conservative, a wider interval).
 */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new Error(`t quantile needs df >= 1, got ${df}`);
  if (df <= 30) return T975[Math.floor(df)];
  const z = Z975;
  const z3 = z ** 3,
    z5 = z ** 5,
    z7 = z ** 7,
    z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/**
 * Mean, sample sd and 95% t-interval of the values. Edge cases: no values gives only n = 0 (all
 * else null); one value gives its mean and no sd or interval; NaN or infinite values throw.
 */
export function meanInterval(values: number[]): MeanInterval {
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`meanInterval: not a finite number: ${v}`);
  const n = values.length;
  if (n === 0) return finish(0, null, null);
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  // two passes: squared deviations from the mean, free of the cancellation in sumSquares - sum^2/n
  const squaredDeviations = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return finish(n, mean, n > 1 ? squaredDeviations / (n - 1) : null);
}

/**
 * The same from aggregates: count, sum and sum of squares (SQL: count(x), sum(x), sum(x * x)).
 * sumSquares - sum^2 / n loses precision when the spread is tiny beside the mean (scores near 1e6
 * with sd 1e-3); PM scores are nowhere near that. A slightly negative variance from rounding is
 * read as 0. n = 0 or 1 as in meanInterval.
 */
export function meanIntervalFromAggregates(n: number, sum: number, sumSquares: number): MeanInterval {
  if (!Number.isInteger(n) || n < 0) throw new Error(`meanIntervalFromAggregates: n must be a whole number >= 0, got ${n}`);
  if (n === 0) return finish(0, null, null);
  const mean = sum / n;
  return finish(n, mean, n > 1 ? Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1)) : null);
}

function finish(n: number, mean: number | null, variance: number | null): MeanInterval {
  if (mean === null || variance === null) return { n, mean, sd: null, low: null, high: null };
  const sd = Math.sqrt(variance);
  const half = tQuantile975(n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, low: mean - half, high: mean + half };
}
