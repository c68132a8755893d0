import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { labelRunRequestSchema } from "./labels";
import { slRunRequestSchema } from "./runs";
import { scoreRunRequestSchema } from "./scores";

// A constitution experiment as asked for: parsed the same way by POST /api/experiments and the
// CLI's file (`cai experiment create FILE`, whose names are resolved to these ids first). What is
// parsed here, with the seeds drawn, is stored as the experiment's config.
//
// Each arm is an SL-CAI configuration made of the SL-CAI run request's own fields, and the judge a
// labeling configuration made of the labeling request's: the same bounds and defaults, checked by
// the same kinds' checks when the experiment is created (lib/server/experiments/create.ts).

const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

/** Which prompts of the dataset, fixed when the experiment is created. */
export const experimentPromptsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("all") }),
  /** by tag and search words, the first `limit` of them by id */
  z.object({
    kind: z.literal("filter"),
    tag: z.string().trim().min(1).max(100).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.number().int().min(1).optional(),
  }),
  /** N prompts drawn from the dataset by a seed: the same seed draws the same prompts */
  z.object({ kind: z.literal("sample"), n: z.number().int().min(1).max(1_000_000), seed: seed.optional() }),
]);
export type ExperimentPrompts = z.infer<typeof experimentPromptsSchema>;

const sl = slRunRequestSchema.shape;

/**
 * One arm: an SL-CAI run's settings. Its principle draws use the experiment's seed (so an arm names
 * the sampling mode only), and it starts from an answer that came with the prompt only when told:
 * with reuseExistingResponse, every arm revises that same answer (a paired start, the arm the only
 * difference); without it (the default) each arm writes its own initial answer, so arms may differ
 * in endpoint or prompt format too and prompts with and without an answer are treated alike.
 */
export const experimentArmSchema = z.object({
  name: z.string().trim().min(1).max(100),
  endpointId: id,
  constitutionVersionId: id,
  revisions: sl.revisions,
  sampling: z.strictObject({ mode: z.enum(["uniform", "fixed"]) }).default({ mode: "uniform" }),
  fewShot: sl.fewShot,
  promptFormat: sl.promptFormat,
  reuseExistingResponse: z.boolean().default(false),
  params: sl.params,
  concurrency: sl.concurrency,
});
export type ExperimentArmRequest = z.infer<typeof experimentArmSchema>;

const label = labelRunRequestSchema.shape;

/** The cross-arm judge: a labeling run's settings; every pair is judged in both orders. */
export const experimentJudgeSchema = z.object({
  endpointId: id,
  constitutionVersionId: id,
  principlesPerPair: label.principlesPerPair,
  method: label.method,
  chainOfThought: label.chainOfThought,
  clamp: label.clamp,
  fewShot: label.fewShot,
  promptFormat: label.promptFormat,
  params: label.params,
  concurrency: label.concurrency,
  /** also judge each revision against the answer before it, inside each arm (CHAIN pairs): per-principle win rates */
  revisions: z.boolean().default(false),
});
export type ExperimentJudgeRequest = z.infer<typeof experimentJudgeSchema>;

/** The optional scoring of every answer of the arms' chains (initial and each revision) by a SCORER endpoint. */
export const experimentScoreSchema = z.object({
  endpointId: id,
  scoreName: scoreRunRequestSchema.shape.scoreName,
  concurrency: scoreRunRequestSchema.shape.concurrency,
});

export const MAX_ARMS = 8;

export const experimentRequestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  datasetId: id,
  prompts: experimentPromptsSchema.default({ kind: "all" }),
  /** the principle-draw seed every arm shares (and the judge's and the report's); drawn when absent */
  seed: seed.optional(),
  arms: z
    .array(experimentArmSchema)
    .min(2, "an experiment compares at least two arms")
    .max(MAX_ARMS, `an experiment compares at most ${MAX_ARMS} arms`)
    .superRefine((arms, context) => {
      const seen = new Set<string>();
      arms.forEach((arm, index) => {
        if (seen.has(arm.name)) context.addIssue({ code: "custom", path: [index, "name"], message: `another arm is already named "${arm.name}"` });
        seen.add(arm.name);
      });
    }),
  judge: experimentJudgeSchema,
  score: experimentScoreSchema.optional(),
});
export type ExperimentRequest = z.infer<typeof experimentRequestSchema>;

/** What the experiment stores as its config: the request with its seeds drawn (Experiment.seed holds the principle-draw one). */
export const experimentConfigSchema = experimentRequestSchema.extend({
  seed: z.number().int(),
  prompts: z.discriminatedUnion("kind", [
    experimentPromptsSchema.options[0],
    experimentPromptsSchema.options[1],
    z.object({ kind: z.literal("sample"), n: z.number().int(), seed: z.number().int() }),
  ]),
});
export type ExperimentConfig = z.infer<typeof experimentConfigSchema>;

/** Where an experiment is, read from its runs (lib/server/experiments/status.ts). */
export const EXPERIMENT_PHASES = ["not started", "arms running", "arms done", "judging", "done", "failed"] as const;
export type ExperimentPhase = (typeof EXPERIMENT_PHASES)[number];
