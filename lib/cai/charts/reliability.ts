// Calibration of the AI's soft labels against people's answers: a reliability diagram (does P(A) =
// 0.8 come true 80% of the time?), its expected calibration error and the Brier score.

import { unitBinIndex, unitBins } from "./unit-bins";

export interface CalibrationPoint {
  /** the AI's P(A), in [0, 1] */
  p: number;
  /** people's answer: 1 for A, 0 for B, 0.5 for a tie */
  outcome: 0 | 0.5 | 1;
}

export interface ReliabilityBin {
  low: number;
  high: number;
  count: number;
  /** mean P(A) of the bin's points; null when empty */
  meanPredicted: number | null;
  /** mean outcome (a tie counts half an A); null when empty */
  observed: number | null;
}

export interface Reliability {
  bins: ReliabilityBin[];
  n: number;
  /** sum over bins of count / n * |meanPredicted - observed|; null when n = 0 */
  ece: number | null;
  /** mean of (p - outcome)^2: 0 perfect, 0.25 a constant 0.5; null when n = 0 */
  brier: number | null;
}

/** People's answer as an outcome for P(A): A -> 1, B -> 0, tie -> 0.5. */
export function outcomeOf(answer: "A" | "B" | "tie"): 0 | 0.5 | 1 {
  return answer === "A" ? 1 : answer === "B" ? 0 : 0.5;
}

/**
 * Reliability diagram over `bins` equal-width bins of P(A), binned as the histogram bins them
 * (lower edge inclusive, 1 in the last bin). A tie counts as half an A, in the observed frequency
 * and in the Brier score, so ties pull a bin towards 0.5 rather than vanish. Bins without points
 * report count 0 and nulls and weigh nothing in the ECE. A p outside [0, 1] or an outcome other
 * than 0, 0.5, 1 throws.
 */
export function reliability(points: CalibrationPoint[], bins = 10): Reliability {
  const sums = unitBins(bins).map((b) => ({ ...b, count: 0, predicted: 0, observed: 0 }));
  let squaredError = 0;
  for (const { p, outcome } of points) {
    const index = unitBinIndex(p, bins);
    if (index === undefined) throw new Error(`reliability: not a probability: ${p}`);
    if (outcome !== 0 && outcome !== 0.5 && outcome !== 1) throw new Error(`reliability: outcome must be 0, 0.5 or 1, got ${outcome}`);
    const bin = sums[index];
    bin.count++;
    bin.predicted += p;
    bin.observed += outcome;
    squaredError += (p - outcome) ** 2;
  }
  const n = points.length;
  const result = sums.map(({ low, high, count, predicted, observed }) => ({
    low,
    high,
    count,
    meanPredicted: count > 0 ? predicted / count : null,
    observed: count > 0 ? observed / count : null,
  }));
  const ece = n === 0 ? null : result.reduce((sum, b) => (b.count > 0 ? sum + (b.count / n) * Math.abs(b.meanPredicted! - b.observed!) : sum), 0);
  return { bins: result, n, ece, brier: n === 0 ? null : squaredError / n };
}
