// The statistics of constitution experiments (issue 15): pure functions over per-prompt numbers,
// reproducible from a seed. The report of an experiment is, per pair of arms, comparePair; over
// all arms, rankArms; per arm, principleEffects and failureModes.

export { SeededRandom, seededRandom, seedFrom } from "./random";
export { bootstrapWeighted, DEFAULT_RESAMPLES, type Interval, type ResampleOptions, type ResampleResult, type WeightedStatistic } from "./resample";
export { binomialHalfCdf, signTest, type SignTest } from "./sign-test";
export { holm } from "./holm";
export { erfc, normalCdf } from "./normal";
export { wilsonInterval } from "./wilson";
export { averageRanks, signedRankCounts, wilcoxonSignedRank, WILCOXON_EXACT_BELOW, type WilcoxonResult } from "./wilcoxon";
export { DEFAULT_TIE_MARGIN, outcomeOf, outcomeScore, winRate, type Outcome, type WinRate, type WinRateOptions } from "./win-rate";
export { fitLogistic, logistic, type LogisticFit, type LogisticOptions } from "./logistic";
export { FULL_REFIT_UP_TO, lengthControlledWinRate, lengthLogRatio, type LengthControlled, type LengthControlledOptions, type LengthPreference } from "./length-controlled";
export { pairedScoreDelta, type ScoreDelta, type ScorePair } from "./score-delta";
export { comparePair, type PairedPrompt, type PairOptions, type PairReport } from "./pair-report";
export { rankArms, type ArmRanking, type PairCounts, type PairTest, type RankedArm } from "./arm-ranking";
export { principleEffects, type PrincipleEffect, type PrincipleFlag, type PrincipleOptions, type RevisionOutcome, type RevisionWins } from "./principles";
export { failureModes, fewWords, seededSample, type ArmAnswers, type ArmFailureModes, type FailureModeOptions, type FailureModes, type PhraseShares } from "./failure-modes";
