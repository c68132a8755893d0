// Paired score deltas: for prompts where both arms' final answers have a score (a preference
// model's, say), the per-prompt difference score(X) - score(Y); its mean with a percentile
// bootstrap interval over prompts (resample.ts) and the Wilcoxon signed-rank p-value (wilcoxon.ts).
// Pairing removes the prompt's own difficulty from the comparison.

import { bootstrapWeighted, type Interval, type ResampleOptions, type WeightedStatistic } from "./resample";
import { wilcoxonSignedRank, type WilcoxonResult } from "./wilcoxon";

export interface ScorePair {
  /** null or undefined: that answer has no score, and the prompt is left out */
  scoreX?: number | null;
  scoreY?: number | null;
}

export interface ScoreDelta {
  /** prompts with both scores */
  n: number;
  /** mean of score(X) - score(Y); null when n = 0 */
  mean: number | null;
  interval: Interval | null;
  wilcoxon: WilcoxonResult;
}

export interface ScoreDeltaData {
  scored: Int32Array;
  delta: Float64Array;
}

export function scoreDeltaData(items: readonly ScorePair[]): ScoreDeltaData {
  const scoredList: number[] = [];
  const deltas: number[] = [];
  items.forEach(({ scoreX, scoreY }, i) => {
    if (scoreX === null || scoreX === undefined || scoreY === null || scoreY === undefined) return;
    if (!Number.isFinite(scoreX) || !Number.isFinite(scoreY)) throw new Error(`scoreDelta: scores must be finite, got ${scoreX} and ${scoreY}`);
    scoredList.push(i);
    deltas.push(scoreX - scoreY);
  });
  return { scored: Int32Array.from(scoredList), delta: Float64Array.from(deltas) };
}

/** The mean delta of a resample (weighted over the scored prompts); null when none was drawn. */
export function scoreDeltaStatistic(data: ScoreDeltaData): WeightedStatistic {
  const { scored, delta } = data;
  return (weights) => {
    let sum = 0,
      total = 0;
    for (let k = 0; k < scored.length; k++) {
      const w = weights[scored[k]];
      sum += w * delta[k];
      total += w;
    }
    return total > 0 ? sum / total : null;
  };
}

export function scoreDeltaSummary(data: ScoreDeltaData, interval: Interval | null): ScoreDelta {
  const n = data.delta.length;
  let sum = 0;
  for (const d of data.delta) sum += d;
  return { n, mean: n > 0 ? sum / n : null, interval, wilcoxon: wilcoxonSignedRank(data.delta) };
}

/** Mean paired delta with its bootstrap interval and Wilcoxon p-value. */
export function pairedScoreDelta(items: readonly ScorePair[], options: ResampleOptions): ScoreDelta {
  const data = scoreDeltaData(items);
  const { intervals } = bootstrapWeighted(items.length, { delta: scoreDeltaStatistic(data) }, options);
  return scoreDeltaSummary(data, intervals.delta);
}
