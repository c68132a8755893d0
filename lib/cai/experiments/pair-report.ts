// Everything the report says about one pair of arms, X against Y, over the prompts they share:
// win rate (win-rate.ts), length-controlled win rate (length-controlled.ts) and paired score delta
// (score-delta.ts), their intervals from one seeded bootstrap over prompts (resample.ts). One draw
// of counts per resample serves all three statistics, so the intervals are of the same resampled
// prompt sets and the draws are paid once. The same prompts, seed and options give the same numbers.

import type { LengthPreference } from "./length-controlled";
import { lengthControlledData, lengthControlledStatistic, lengthControlledSummary, type LengthControlled } from "./length-controlled";
import { bootstrapWeighted, type ResampleOptions } from "./resample";
import { scoreDeltaData, scoreDeltaStatistic, scoreDeltaSummary, type ScoreDelta, type ScorePair } from "./score-delta";
import { winRateData, winRateStatistic, winRateSummary, type WinRate } from "./win-rate";

/** One prompt of the pair: the judge's P(X better), both answers' lengths, and their scores if any. */
export interface PairedPrompt extends LengthPreference, ScorePair {}

export interface PairOptions extends ResampleOptions {
  tieMargin?: number;
  /** regress the soft preference rather than the outcome score in the length control (default false) */
  softLengthControl?: boolean;
}

export interface PairReport {
  prompts: number;
  winRate: WinRate;
  lengthControlled: LengthControlled;
  scoreDelta: ScoreDelta;
  seed: number | string;
  resamples: number;
}

export function comparePair(prompts: readonly PairedPrompt[], options: PairOptions): PairReport {
  const win = winRateData(
    prompts.map((p) => p.pX),
    options.tieMargin,
  );
  const length = lengthControlledData(prompts, { soft: options.softLengthControl, tieMargin: options.tieMargin });
  const score = scoreDeltaData(prompts);
  const { intervals, resamples } = bootstrapWeighted(
    prompts.length,
    { winRate: winRateStatistic(win), lengthControlled: lengthControlledStatistic(length), scoreDelta: scoreDeltaStatistic(score) },
    options,
  );
  return {
    prompts: prompts.length,
    winRate: winRateSummary(win, intervals.winRate),
    lengthControlled: lengthControlledSummary(length, intervals.lengthControlled),
    scoreDelta: scoreDeltaSummary(score, intervals.scoreDelta),
    seed: options.seed,
    resamples,
  };
}
