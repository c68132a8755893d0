import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import type { PositionBias } from "@/lib/cai/charts/position-bias";

// The charts' queries, as they appear in a chart page's URL and in GET /api/charts/<name>: the page,
// the route handler and the tests read them with these schemas, so a chart's link shows the same
// numbers as its data endpoint. Every answer is aggregated in SQL: a few dozen rows at most.

/** A URL parameter that may be absent or empty; both mean "not set". */
function param<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());
}

/** for schemas built on this one (lib/server/scores/chain-scores.ts) */
export { param as urlParam };

const bins = param(z.coerce.number().int().min(2).max(50)).transform((v) => v ?? 10);

export const SCORE_SOURCES = ["IMPORTED", "ENDPOINT", "BRADLEY_TERRY", "ELO"] as const;
export type ScoreSourceName = (typeof SCORE_SOURCES)[number];

export const PM_SPLITS = ["none", "principle", "run", "endpoint"] as const;

export const pmByRevisionQuerySchema = z.object({
  dataset: param(id),
  /** the chains of one SL-CAI run */
  run: param(id),
  /** what was scored, e.g. pm_score */
  score: param(z.string().trim().min(1).max(100)).transform((v) => v ?? "pm_score"),
  source: param(z.enum(SCORE_SOURCES)),
  /** one line per principle of the step, per SL-CAI run, or per endpoint of the run */
  split: param(z.enum(PM_SPLITS)).transform((v) => v ?? "none"),
});
export type PmByRevisionQuery = z.infer<typeof pmByRevisionQuerySchema>;

export const softLabelQuerySchema = z.object({
  dataset: param(id),
  /** a labeling run: its verdicts */
  run: param(id),
  bins,
  /** a label is confident when |P(A) - 0.5| >= margin */
  margin: param(z.coerce.number().min(0).max(0.5)).transform((v) => v ?? 0.3),
});
export type SoftLabelQuery = z.infer<typeof softLabelQuerySchema>;

export const HUMAN_SOURCES = ["ALL", "REVIEW", "IMPORTED"] as const;

export const calibrationQuerySchema = z.object({
  dataset: param(id),
  run: param(id),
  /** whose answers count: the studio's reviewers, imported labels (hh-rlhf), or both */
  humans: param(z.enum(HUMAN_SOURCES)).transform((v) => v ?? "ALL"),
  bins,
});
export type CalibrationQuery = z.infer<typeof calibrationQuerySchema>;

export const positionBiasQuerySchema = z.object({
  dataset: param(id),
  run: param(id),
  /** the grid of P(A) shown first against P(A) shown second */
  bins,
});
export type PositionBiasQuery = z.infer<typeof positionBiasQuerySchema>;

export const principleQuerySchema = z.object({
  dataset: param(id),
  /** the chains of one SL-CAI run (score changes) */
  run: param(id),
  /** one labeling run (flip rates) */
  labelRun: param(id),
  score: param(z.string().trim().min(1).max(100)).transform((v) => v ?? "pm_score"),
  source: param(z.enum(SCORE_SOURCES)),
});
export type PrincipleQuery = z.infer<typeof principleQuerySchema>;

export const GOODHART_GROUPINGS = ["revision", "run"] as const;

export const goodhartQuerySchema = z.object({
  dataset: param(id),
  /** the chains of one SL-CAI run (by revision only) */
  run: param(id),
  /** compare revision numbers within chains, or runs (the dataset's SL-CAI and sampling runs, in the order they were made) */
  by: param(z.enum(GOODHART_GROUPINGS)).transform((v) => v ?? "revision"),
  /**
   * responses read per revision number (or run): the ones with the smallest hash of their id. 200 by
   * default: counting their phrases is most of what the chart costs, and 200 answers
   * still place a phrase's share within a few points
   */
  sample: param(z.coerce.number().int().min(1).max(2000)).transform((v) => v ?? 200),
  /** longest phrase in words */
  maxN: param(z.coerce.number().int().min(2).max(8)).transform((v) => v ?? 4),
});
export type GoodhartQuery = z.infer<typeof goodhartQuerySchema>;

export const phraseResponsesQuerySchema = z.object({
  phrase: z.string().trim().min(1).max(300),
  dataset: param(id),
  run: param(id),
  /** only responses after this many revisions (0 = initial) */
  revision: param(z.coerce.number().int().min(0).max(1000)),
});
export type PhraseResponsesQuery = z.infer<typeof phraseResponsesQuerySchema>;

const scoreName = param(z.string().trim().min(1).max(100));

export const scoreScatterQuerySchema = z.object({
  dataset: param(id),
  /** the responses one run made */
  run: param(id),
  /** the score across (e.g. harmlessness) and down (e.g. helpfulness), each with an optional source */
  x: scoreName.transform((v) => v ?? "harmlessness"),
  xSource: param(z.enum(SCORE_SOURCES)),
  y: scoreName.transform((v) => v ?? "helpfulness"),
  ySource: param(z.enum(SCORE_SOURCES)),
});
export type ScoreScatterQuery = z.infer<typeof scoreScatterQuerySchema>;

/** A query as URL parameters, leaving out what is not set. */
export function chartSearchParams(query: Record<string, string | number | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, String(value));
  return params;
}

// ---------------------------------------------------------------- answers

export interface IntervalPoint {
  n: number;
  mean: number | null;
  sd: number | null;
  low: number | null;
  high: number | null;
}

/**
 * How current the chart summaries an answer was read from are (lib/server/charts/summaries.ts).
 * They are rebuilt in the background after a write they do not follow row by row (a delete, a key
 * change, or a statement too large to follow: a fit, a large import batch); until then a chart
 * answers from the last complete summaries, which miss that write (and may still count rows it deleted).
 */
export interface SummaryFreshness {
  /** false while such a write waits for the rebuild */
  current: boolean;
  /** when that first write began (ISO 8601, UTC): the numbers hold what was committed before it; null when current */
  staleSince: string | null;
  /** seconds from staleSince to this answer; null when current */
  ageSeconds: number | null;
  /** a worker is rebuilding the summaries now */
  rebuilding: boolean;
}

export interface PmByRevisionData {
  query: PmByRevisionQuery;
  summaries: SummaryFreshness;
  /** one line per group ("all" without a split); points by revision index, 0 = the initial response */
  series: { key: string; label: string; points: ({ revision: number } & IntervalPoint)[] }[];
  /** scored responses that are in no chain (e.g. the paper's RL samples), by origin */
  outsideChains: ({ origin: string } & IntervalPoint)[];
}

export interface SoftLabelData {
  query: SoftLabelQuery;
  bins: { low: number; high: number; raw: number; used: number; rawShare: number; usedShare: number }[];
  total: number;
  outOfRange: { raw: number; used: number };
  confidentShare: { raw: number | null; used: number | null };
  chainOfThought: number;
}

export interface CalibrationData {
  query: CalibrationQuery;
  /** count: answers (a pair two people answered counts twice); pairs: the distinct pairs behind them */
  bins: { low: number; high: number; count: number; pairs: number; meanPredicted: number | null; observed: number | null }[];
  n: number;
  ece: number | null;
  brier: number | null;
  /** answers by kind, among the points */
  answers: { A: number; B: number; TIE: number };
}

/** lib/cai/charts' position bias of one group (overall, a principle, an endpoint), named. */
export interface PositionBiasGroup extends PositionBias {
  key: string;
  label: string;
}

export interface PositionBiasData {
  query: PositionBiasQuery;
  summaries: SummaryFreshness;
  /**
   * flippedComparisons: the comparisons whose verdict has a flip (under any principle), the ones
   * the overall row's link lists; a comparison two principles flipped on is two flips, one of these
   */
  overall: PositionBiasGroup & { flippedComparisons: number };
  byPrinciple: PositionBiasGroup[];
  byEndpoint: PositionBiasGroup[];
  /** pairs counted by the bin of P(A) with A shown first (x) and with A shown second (y) */
  grid: { x: number; y: number; xLow: number; yLow: number; count: number }[];
}

export interface PrincipleData {
  query: PrincipleQuery;
  summaries: SummaryFreshness;
  /**
   * per critique principle: the score of each revision it made minus the score of the response it
   * revised (the previous revision, or the initial response for revision 1), both of the same score
   * name and source
   */
  changes: ({ key: string; label: string } & IntervalPoint)[];
  /** per preference principle: pairs judged in both orders and how many picked different winners */
  flips: { key: string; label: string; pairs: number; flips: number; flipRate: number | null }[];
}

export interface GoodhartData {
  query: GoodhartQuery;
  /** by revision: the counts come from the summaries; by run reads none (null) */
  summaries: SummaryFreshness | null;
  /** by revision: per revision number (0 = initial), all responses, how many were read, and how many of those are evasive */
  revisions: { revision: number; responses: number; sampled: number; evasive: number; evasiveShare: number | null }[];
  /** by run: per run in the order made, its final answers (a sampling run's samples, an SL-CAI run's last response of each chain), read and evasive */
  runs: { runId: number; name: string; kind: "SL_CAI" | "SAMPLE"; responses: number; sampled: number; evasive: number; evasiveShare: number | null }[];
  /** ngramGrowth over the sampled texts, groups in revision (or run) order */
  phrases: { phrase: string; n: number; counts: number[]; shares: number[]; growth: number; ratio: number | null }[];
}

export interface PhraseResponsesData {
  query: PhraseResponsesQuery;
  /** at most 50 chain responses whose text contains the phrase's words in order */
  responses: { responseId: number; chainId: number; revision: number; text: string }[];
  limit: number;
}

export interface ScoreScatterData {
  query: ScoreScatterQuery;
  summaries: SummaryFreshness;
  /** responses with both scores (a response's several scores of one kind are averaged) */
  pairs: number;
  meanX: number | null;
  meanY: number | null;
  /** Pearson's r over all pairs; null under two pairs or without spread */
  correlation: number | null;
  /** the plotted points: every pair, or a deterministic sample of MAX_POINTS (smallest hash of the response id) */
  points: { responseId: number; promptId: number; x: number; y: number; xElo: number | null; yElo: number | null }[];
  /** per axis: the score is a Bradley-Terry log-strength, also shown on the Elo scale (btToElo) */
  elo: { x: boolean; y: boolean };
}

export interface ChartOptions {
  datasets: { id: number; name: string }[];
  runs: { id: number; datasetId: number | null; name: string; kind: string }[];
  scores: { name: string; source: ScoreSourceName }[];
}
