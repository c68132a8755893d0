import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { COMPARISON_SOURCES } from "./comparisons";
import { recordedEndpointSchema, recordedParamsSchema, samplingParamsSchema } from "./runs";

// RL-CAI inputs, parsed the same way by the browser forms, the API and the CLI: making comparison
// pairs, sampling fresh pairs, and labeling pairs with a feedback model.

/** Pairs from what is already stored: two points of each chain, or samples paired in order. */
export const pairRequestSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("chain"),
    datasetId: id,
    /** only the chains of this SL-CAI run (default: every chain of the dataset) */
    runId: id.optional(),
    /** initial-final: the initial response against the last revision; consecutive: revision k against k+1 */
    points: z.enum(["initial-final", "consecutive"]).default("initial-final"),
  }),
  z.object({
    mode: z.literal("samples"),
    datasetId: id,
    /** only samples of this producer (e.g. one of the paper's policies) */
    producer: z.string().trim().min(1).optional(),
  }),
]);
export type PairRequest = z.infer<typeof pairRequestSchema>;

export interface PairResult {
  created: number;
  /** pairs that already existed (making pairs twice adds nothing) */
  existing: number;
  /** candidate pairs whose two answers are the same text: no pair made */
  identical: number;
}

/** Two fresh samples of an endpoint per prompt (temperature above 0), made into a pair. */
export const sampleRunRequestSchema = z.object({
  name: z.string().trim().max(200).default(""),
  datasetId: id,
  filter: z
    .object({
      tag: z.string().trim().min(1).max(100).optional(),
      q: z.string().trim().min(1).max(200).optional(),
      limit: z.number().int().min(1).optional(),
    })
    .default({}),
  endpointId: id,
  promptFormat: z.enum(["chat", "raw"]).default("chat"),
  params: samplingParamsSchema.extend({ temperature: z.number().gt(0, "two samples need a temperature above 0").max(2) }).default({ temperature: 1 }),
  concurrency: z.number().int().min(1).max(256).default(8),
});
export type SampleRunRequest = z.infer<typeof sampleRunRequestSchema>;

/** What a sampling run stores: the request with the endpoint's parameters merged in. */
export const sampleRunConfigSchema = sampleRunRequestSchema.extend({ params: recordedParamsSchema, endpoint: recordedEndpointSchema });
export type SampleRunConfig = z.infer<typeof sampleRunConfigSchema>;

export const labelMethodSchema = z.discriminatedUnion("kind", [
  /** read P(A) from the answer letters' log-probs (the paper's way) */
  z.object({ kind: z.literal("logprobs") }),
  /** no log-probs: sample the answer k times at temperature 1 and use the frequency of A */
  z.object({ kind: z.literal("sampled"), k: z.number().int().min(2).max(64).default(8) }),
  /** no log-probs: ask the model to state the probability that (A) is better */
  z.object({ kind: z.literal("stated") }),
]);
export type LabelMethodChoice = z.infer<typeof labelMethodSchema>;

export const labelRunRequestSchema = z.object({
  name: z.string().trim().max(200).default(""),
  datasetId: id,
  /** which of the dataset's comparisons: all unless narrowed */
  pairs: z
    .object({
      source: z.enum(COMPARISON_SOURCES).optional(),
      /** pairs a sampling run made */
      pairRunId: id.optional(),
      /** only a constitution experiment's pairs: its ARMS pairs, and the CHAIN pairs of consecutive answers in its arms' chains */
      experimentId: id.optional(),
      /** leave out pairs this endpoint has already judged */
      unjudgedOnly: z.boolean().default(false),
      limit: z.number().int().min(1).optional(),
    })
    .default({ unjudgedOnly: false }),
  endpointId: id,
  constitutionVersionId: id,
  /** preference principles per pair, drawn at random from the version (an ensemble when above 1) */
  principlesPerPair: z.number().int().min(1).max(16).default(1),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  /** judge each pair as (A, B) and again as (B, A); flips are flagged */
  bothOrders: z.boolean().default(true),
  /** let the model reason first ("Let's think step by step"), then read the answer after it */
  chainOfThought: z.boolean().default(false),
  /** chain-of-thought labels are over-confident: the paper clamps them to [0.4, 0.6] */
  clamp: z.object({ low: z.number().min(0).max(0.5), high: z.number().min(0.5).max(1) }).default({ low: 0.4, high: 0.6 }),
  method: labelMethodSchema.default({ kind: "logprobs" }),
  /** prepend the version's preference (or chain-of-thought) few-shot examples */
  fewShot: z.boolean().default(false),
  promptFormat: z.enum(["chat", "raw"]).default("chat"),
  params: samplingParamsSchema.default({}),
  concurrency: z.number().int().min(1).max(256).default(8),
});
export type LabelRunRequest = z.infer<typeof labelRunRequestSchema>;

/** What a labeling run stores: the request with the seed drawn and the endpoint's parameters merged in. */
export const labelRunConfigSchema = labelRunRequestSchema.extend({
  seed: z.number().int(),
  params: recordedParamsSchema,
  endpoint: recordedEndpointSchema,
});
export type LabelRunConfig = z.infer<typeof labelRunConfigSchema>;

export interface LabelRunSummary {
  runId: number;
  judged: number;
  /** |P(A) - 0.5| >= 0.3 */
  confident: number;
  /** |P(A) - 0.5| < 0.1 */
  nearHalf: number;
  /** ten bins of P(A) over [0, 1], raw and as used (clamped) */
  histogram: { low: number; high: number; raw: number; used: number }[];
  perPrinciple: { principleId: number; key: string; labels: number; pairsBothOrders: number; flips: number; flipRate: number | null }[];
  flipRate: number | null;
}
