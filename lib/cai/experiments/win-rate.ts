// Win rate of arm X against arm Y over prompts, ties counted as half, with a seeded percentile
// bootstrap interval over prompts and the exact sign test (sign-test.ts). The input per prompt is
// the judge's P(X's answer is better) in [0, 1], in X's terms whichever side X was shown on: for a
// prompt judged in both orders, the mean of the two orders' soft preferences (and of the principles'
// when several judged it), as lib/cai/soft-label.ts's verdict gives. It is read as
//
//   pX > 0.5 + tieMargin  a win for X       counts 1
//   |pX - 0.5| <= margin  a tie              counts 1/2   (e.g. one order 0.8, the other 0.2)
//   pX < 0.5 - tieMargin  a loss for X       counts 0
//
// so the win rate is (wins + ties / 2) / prompts; meanPreference (the mean pX itself) is reported
// beside it. tieMargin defaults to 1e-9: only rounding (0.7 and 0.3 averaged) makes a tie.
//
//   8 wins, 1 tie, 1 loss over 10 prompts: win rate 8.5 / 10 = 0.85; sign test on 8 vs 1, p = 0.0390625

import { bootstrapWeighted, type Interval, type ResampleOptions, type WeightedStatistic } from "./resample";
import { signTest, type SignTest } from "./sign-test";

export type Outcome = "win" | "tie" | "loss";

export const DEFAULT_TIE_MARGIN = 1e-9;

/** The outcome for X of a prompt whose judged P(X better) is pX. */
export function outcomeOf(pX: number, tieMargin = DEFAULT_TIE_MARGIN): Outcome {
  if (!(pX >= 0 && pX <= 1)) throw new Error(`outcomeOf: P(X better) must be in [0, 1], got ${pX}`);
  return pX > 0.5 + tieMargin ? "win" : pX < 0.5 - tieMargin ? "loss" : "tie";
}

/** 1 for a win, 1/2 for a tie, 0 for a loss. */
export function outcomeScore(outcome: Outcome): number {
  return outcome === "win" ? 1 : outcome === "tie" ? 0.5 : 0;
}

export interface WinRate {
  /** prompts with a verdict (null preferences are not counted) */
  n: number;
  wins: number;
  ties: number;
  losses: number;
  /** (wins + ties / 2) / n; null when n = 0 */
  winRate: number | null;
  /** mean of pX; null when n = 0 */
  meanPreference: number | null;
  /** percentile bootstrap interval of the win rate over prompts */
  interval: Interval | null;
  /** exact two-sided sign test of wins against losses, ties dropped */
  signTest: SignTest;
}

export interface WinRateOptions extends ResampleOptions {
  tieMargin?: number;
}

/** The per-prompt numbers a win rate needs, as typed arrays over the judged prompts. */
export interface WinRateData {
  /** indices (into the caller's prompts) of the prompts with a verdict */
  judged: Int32Array;
  /** per judged prompt its outcome score: 1, 1/2 or 0 */
  score: Float64Array;
  preference: Float64Array;
  wins: number;
  ties: number;
  losses: number;
}

/** Outcomes of the prompts' preferences; a null preference (not judged) is skipped. */
export function winRateData(preferences: readonly (number | null)[], tieMargin = DEFAULT_TIE_MARGIN): WinRateData {
  const judgedList: number[] = [];
  preferences.forEach((p, i) => {
    if (p !== null) judgedList.push(i);
  });
  const judged = Int32Array.from(judgedList);
  const score = new Float64Array(judged.length);
  const preference = new Float64Array(judged.length);
  let wins = 0,
    ties = 0,
    losses = 0;
  judged.forEach((index, k) => {
    const p = preferences[index]!;
    const outcome = outcomeOf(p, tieMargin);
    if (outcome === "win") wins++;
    else if (outcome === "tie") ties++;
    else losses++;
    score[k] = outcomeScore(outcome);
    preference[k] = p;
  });
  return { judged, score, preference, wins, ties, losses };
}

/** The win rate of a resample: weighted mean of the outcome scores over the judged prompts. */
export function winRateStatistic(data: WinRateData): WeightedStatistic {
  const { judged, score } = data;
  return (weights) => {
    let sum = 0,
      total = 0;
    for (let k = 0; k < judged.length; k++) {
      const w = weights[judged[k]];
      sum += w * score[k];
      total += w;
    }
    return total > 0 ? sum / total : null;
  };
}

/** The win rate's point figures and sign test (the interval comes from a bootstrap). */
export function winRateSummary(data: WinRateData, interval: Interval | null): WinRate {
  const n = data.judged.length;
  let preferenceSum = 0;
  for (const p of data.preference) preferenceSum += p;
  return {
    n,
    wins: data.wins,
    ties: data.ties,
    losses: data.losses,
    winRate: n > 0 ? (data.wins + data.ties / 2) / n : null,
    meanPreference: n > 0 ? preferenceSum / n : null,
    interval,
    signTest: signTest(data.wins, data.losses),
  };
}

/**
 * The win rate of X against Y from each prompt's P(X better) (null: the prompt has no verdict and
 * is not counted), with its bootstrap interval and sign test. To share resamples with the other
 * statistics of the pair, use comparePair (pair-report.ts).
 */
export function winRate(preferences: readonly (number | null)[], options: WinRateOptions): WinRate {
  const data = winRateData(preferences, options.tieMargin);
  const statistic = winRateStatistic(data);
  const { intervals } = bootstrapWeighted(preferences.length, { winRate: statistic }, options);
  return winRateSummary(data, intervals.winRate);
}
