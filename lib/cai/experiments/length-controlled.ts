// Length-controlled win rate: judges favour longer answers, so a win rate partly measures length.
// Following the idea of AlpacaEval's length-controlled win rate (Dubois et al. 2024, "Length-
// Controlled AlpacaEval", arXiv:2404.04475), the judge's preference for X is regressed on the
// length difference by logistic regression (logistic.ts) and read off at length difference 0:
//
//   P(X preferred | d) = logistic(b0 + b1 d),   d = ln(chars of X's answer / chars of Y's answer)
//   length-controlled win rate = logistic(b0)
//
// The covariate is the log ratio of lengths in characters (each length at least 1): symmetric
// (swapping the arms flips its sign), unit-free, and not dominated by a few very long answers as
// a raw difference in characters would be. b1 is the change in log-odds when X's answer is e times
// as long; b1 ln 2, per doubling. The label is the prompt's outcome score (1, 1/2, 0; win-rate.ts)
// by default, or its soft P(X better) with soft: true. Without any length difference in the data
// (every d the same) the slope is not identified and the fit is the plain win rate.
//
//   X longer (d = ln 2) on half the prompts and wins 8 in 10 of them, shorter (d = -ln 2) on the
//   other half and wins 2 in 10: raw win rate 0.5, b1 = logit 0.8 / ln 2 = 2, LC win rate 0.5.

import { fitLogistic, logistic, type LogisticFit } from "./logistic";
import { bootstrapWeighted, type Interval, type ResampleOptions, type WeightedStatistic } from "./resample";
import { DEFAULT_TIE_MARGIN, outcomeOf, outcomeScore } from "./win-rate";

export interface LengthPreference {
  /** P(X better) as in win-rate.ts; null: not judged, left out */
  pX: number | null;
  /** characters of X's and Y's answers */
  lengthX: number;
  lengthY: number;
}

export interface LengthControlledOptions extends ResampleOptions {
  /** regress the soft preference instead of the outcome score (default false) */
  soft?: boolean;
  tieMargin?: number;
  /** judged prompts up to which each resample is refitted to convergence (default FULL_REFIT_UP_TO) */
  fullRefitUpTo?: number;
}

export interface LengthControlled {
  n: number;
  /** logistic(b0): the win rate at equal length; null when n = 0 */
  winRate: number | null;
  interval: Interval | null;
  /** b1: log-odds per unit of ln(length ratio) */
  slope: number | null;
  fit: LogisticFit | null;
}

/** ln(max(lengthX, 1) / max(lengthY, 1)). */
export function lengthLogRatio(lengthX: number, lengthY: number): number {
  return Math.log(Math.max(lengthX, 1) / Math.max(lengthY, 1));
}

export interface LengthControlledData {
  judged: Int32Array;
  x: Float64Array;
  y: Float64Array;
  fit: LogisticFit | null;
}

export function lengthControlledData(items: readonly LengthPreference[], options: { soft?: boolean; tieMargin?: number } = {}): LengthControlledData {
  const { soft = false, tieMargin = DEFAULT_TIE_MARGIN } = options;
  const judgedList: number[] = [];
  items.forEach((item, i) => {
    if (item.pX !== null) judgedList.push(i);
  });
  const judged = Int32Array.from(judgedList);
  const x = new Float64Array(judged.length);
  const y = new Float64Array(judged.length);
  judged.forEach((index, k) => {
    const { pX, lengthX, lengthY } = items[index];
    x[k] = lengthLogRatio(lengthX, lengthY);
    y[k] = soft ? pX! : outcomeScore(outcomeOf(pX!, tieMargin));
  });
  return { judged, x, y, fit: judged.length > 0 ? fitLogistic(x, y) : null };
}

/**
 * Up to this many judged prompts a resample is refitted to convergence (Newton from the full-data
 * fit, tolerance 1e-8); above, by one Newton step from the full-data fit (see below).
 */
export const FULL_REFIT_UP_TO = 2000;

/**
 * The length-controlled win rate of a resample; null when no judged prompt was drawn. Small data
 * are refitted to convergence. Large data take the one-step bootstrap of Moulton & Zeger (1991,
 * "Bootstrapping generalized linear models", Comput. Stat. Data Anal. 11): one Newton step from the
 * full-data estimate b, whose fitted p_i stay fixed, so the step is weighted sums of precomputed
 * y_i - p_i and p_i (1 - p_i) with no exponentials. Its distance from the full refit is O(1/n),
 * against the O(1/sqrt n) spread the interval measures: at 10,000 prompts the interval's ends move
 * by well under 0.001 (test/cai/experiments/length-controlled.test.ts compares the two).
 */
export function lengthControlledStatistic(data: LengthControlledData, fullRefitUpTo = FULL_REFIT_UP_TO): WeightedStatistic {
  const { judged, x, y, fit } = data;
  const m = judged.length;
  if (m <= fullRefitUpTo) {
    const local = new Float64Array(m);
    return (weights) => {
      if (!fit) return null;
      let total = 0;
      for (let k = 0; k < m; k++) total += local[k] = weights[judged[k]];
      if (total === 0) return null;
      const refit = fitLogistic(x, y, { weights: local, start: fit, tolerance: 1e-8, maxIterations: 30 });
      return refit.converged ? logistic(refit.intercept) : null;
    };
  }
  // a fit that ran off to infinity (separated data) has no neighbourhood to step in
  if (!fit || !fit.converged) return () => null;
  const residual = new Float64Array(m);
  const variance = new Float64Array(m);
  const b0 = fit.intercept,
    b1 = fit.slope;
  for (let k = 0; k < m; k++) {
    const p = logistic(b0 + b1 * x[k]);
    residual[k] = y[k] - p;
    variance[k] = p * (1 - p);
  }
  return (weights) => {
    let g0 = 0,
      g1 = 0,
      h00 = 0,
      h01 = 0,
      h11 = 0;
    for (let k = 0; k < m; k++) {
      // no skip of w = 0: a third of the draws are 0 and the branch costs more than the products
      const w = weights[judged[k]];
      const xk = x[k];
      const r = w * residual[k];
      const v = w * variance[k];
      g0 += r;
      g1 += r * xk;
      h00 += v;
      h01 += v * xk;
      h11 += v * xk * xk;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) return h00 > 0 ? logistic(b0 + g0 / h00) : null;
    return logistic(b0 + (h11 * g0 - h01 * g1) / det);
  };
}

export function lengthControlledSummary(data: LengthControlledData, interval: Interval | null): LengthControlled {
  const { fit } = data;
  return {
    n: data.judged.length,
    winRate: fit ? logistic(fit.intercept) : null,
    interval,
    slope: fit ? fit.slope : null,
    fit,
  };
}

/** The length-controlled win rate of X against Y with a percentile bootstrap interval over prompts. */
export function lengthControlledWinRate(items: readonly LengthPreference[], options: LengthControlledOptions): LengthControlled {
  const data = lengthControlledData(items, options);
  const { intervals } = bootstrapWeighted(items.length, { lc: lengthControlledStatistic(data, options.fullRefitUpTo) }, options);
  return lengthControlledSummary(data, intervals.lc);
}
