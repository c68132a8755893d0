// The numbers behind the charts: pure functions over aggregated or modest in-memory inputs. Heavy
// aggregation happens in SQL; these decide what is plotted and are tested with worked examples.

export { meanInterval, meanIntervalFromAggregates, tQuantile975, type MeanInterval } from "./mean-interval";
export { unitBinIndex, unitBins, type UnitBin } from "./unit-bins";
export { confidentShare, histogram, type Histogram, type HistogramBin } from "./histogram";
export { outcomeOf, reliability, type CalibrationPoint, type Reliability, type ReliabilityBin } from "./reliability";
export { bradleyTerry, winProbability, type BradleyTerryOptions, type BradleyTerryResult, type Comparison, type PlayerStrength } from "./bradley-terry";
export { btToElo, elo, eloExpected, type EloOptions, type EloRating } from "./elo";
export { ngramGrowth, tokenize, type NgramGrowthOptions, type PhraseGrowth, type TextGroup } from "./ngram-growth";
export { evasiveShare, isEvasive, type EvasiveOptions, type EvasiveShare } from "./evasive";
export { correlation, correlationFromMoments, momentsOf, type Moments } from "./correlation";
export { orderPair, positionBias, positionBiasByGroup, type OrderPair, type PositionBias } from "./position-bias";
export { fittedAxis, type FittedAxis } from "./axis-domain";
export { onlyStopWords, STOP_WORDS } from "./stop-words";
