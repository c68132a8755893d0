import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { recordedEndpointSchema } from "./runs";

// Inputs about preference-model scores, parsed the same way by the API and the CLI.

/** Which people's answers a fit uses: reviewers' (REVIEW), imported ones (hh-rlhf crowdworkers), or both. */
export const HUMAN_LABEL_CHOICES = ["review", "imported", "all"] as const;
export type HumanLabelChoice = (typeof HUMAN_LABEL_CHOICES)[number];

/** Fit Bradley-Terry (and its Elo scale) to a dataset's soft labels: a labeling run's, people's, or both. */
export const scoreFitRequestSchema = z
  .object({
    datasetId: id,
    /** the labeling run whose AI verdicts (P(A) as used: clamped under chain of thought) are fitted */
    runId: id.optional(),
    /** people's current answers: A = 1, B = 0, tie = 0.5 (skips and flags are left out) */
    humans: z.enum(HUMAN_LABEL_CHOICES).optional(),
    /** weight of each response's virtual tie against a fixed strength 1 (see lib/cai/charts/bradley-terry.ts); 0 = plain maximum likelihood */
    prior: z.number().min(0).max(1_000).default(1),
  })
  .refine((input) => input.runId !== undefined || input.humans !== undefined, {
    message: "name the labels to fit: a labeling run (runId), people's answers (humans), or both",
  });
export type ScoreFitRequest = z.infer<typeof scoreFitRequestSchema>;

export interface ScoreFitResult {
  /** the Score name both sources were stored under, e.g. "bt:run 12" */
  name: string;
  /** responses that got a score (each one BRADLEY_TERRY and one ELO row) */
  responses: number;
  /** label rows fitted (one per AI verdict or human answer) */
  labels: number;
  /** prompts fitted: each prompt's responses are fitted on their own (see fit.ts) */
  prompts: number;
  /** prompts whose fit stopped at the iteration limit before converging */
  notConverged: number;
  /** scores of the same name that this fit replaced */
  replaced: number;
}

/** "bt:run 12", "bt:human", "bt:run 12+human-review": what a fit was made from, as its Score name. */
export function fittedScoreName(runId: number | undefined, humans: HumanLabelChoice | undefined): string {
  const parts: string[] = [];
  if (runId !== undefined) parts.push(`run ${runId}`);
  if (humans !== undefined) parts.push(humans === "all" ? "human" : `human-${humans}`);
  return `bt:${parts.join("+")}`;
}

/** Score a dataset's responses with a scoring endpoint: those of its chains, or those its pairs compare. */
export const scoreRunRequestSchema = z.object({
  name: z.string().trim().max(200).default(""),
  datasetId: id,
  /** a SCORER endpoint */
  endpointId: id,
  /** chains: every chain's initial response and revisions; pairs: both responses of every comparison */
  over: z.enum(["chains", "pairs"]),
  /** only the chains (or sampled pairs) this run made */
  sourceRunId: id.optional(),
  /** only a constitution experiment's: its arms' chains, or its pairs */
  experimentId: id.optional(),
  /** the Score name the values are stored under (default: "pm:<endpoint name>") */
  scoreName: z.string().trim().min(1).max(100).optional(),
  concurrency: z.number().int().min(1).max(256).default(8),
});
export type ScoreRunRequest = z.infer<typeof scoreRunRequestSchema>;

/** What a scoring run records: the request with the score name settled, and the endpoint it used. */
export const scoreRunConfigSchema = scoreRunRequestSchema.extend({
  scoreName: z.string(),
  endpoint: recordedEndpointSchema.extend({ scoreFormat: z.string() }),
});
export type ScoreRunConfig = z.infer<typeof scoreRunConfigSchema>;
