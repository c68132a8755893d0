import { z } from "zod";
import { id } from "@/lib/schemas/ids";

// Starting an SL-CAI run: parsed the same way by the browser form, POST /api/runs and the CLI.
// What is parsed here is stored as the run's config, so a run says exactly how it was made.

export const samplingParamsSchema = z.object({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().gt(0).max(1).optional(),
  maxTokens: z.number().int().min(1).max(32_768).optional(),
  stop: z.array(z.string().min(1)).max(8).optional(),
});

export const slRunRequestSchema = z.object({
  name: z.string().trim().max(200).default(""),
  datasetId: id,
  /** which prompts of the dataset: all of them unless narrowed */
  filter: z
    .object({
      tag: z.string().trim().min(1).max(100).optional(),
      q: z.string().trim().min(1).max(200).optional(),
      /** leave out prompts that already have a chain */
      withoutChains: z.boolean().default(false),
      /** the first N prompts (by id) that match */
      limit: z.number().int().min(1).optional(),
      /** only this constitution experiment's prompt set: the run is one of its arms */
      experimentId: id.optional(),
    })
    .default({ withoutChains: false }),
  endpointId: id,
  constitutionVersionId: id,
  /** critique-revision steps per prompt; the paper uses up to 4 */
  revisions: z.number().int().min(1).max(16).default(4),
  /** uniform: a principle drawn at random for each step, reproducible from the seed; fixed: in order */
  sampling: z
    .discriminatedUnion("mode", [
      z.object({
        mode: z.literal("uniform"),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .optional(),
      }),
      z.object({ mode: z.literal("fixed") }),
    ])
    .default({ mode: "uniform" }),
  /** prepend the constitution version's critique-revision few-shot examples */
  fewShot: z.boolean().default(false),
  /** chat messages, or the paper's raw "Human: / Assistant:" text for a completion endpoint */
  promptFormat: z.enum(["chat", "raw"]).default("chat"),
  /** start from an answer that came with the prompt (if any) instead of generating one */
  reuseExistingResponse: z.boolean().default(true),
  /** override the endpoint's sampling parameters for this run */
  params: samplingParamsSchema.default({}),
  /** prompts worked on at once, per worker */
  concurrency: z.number().int().min(1).max(256).default(8),
});

export type SlRunRequest = z.infer<typeof slRunRequestSchema>;

/** The endpoint a run used, recorded when it started: the endpoint row may change or be deleted. */
export const recordedEndpointSchema = z.object({ name: z.string(), kind: z.string(), model: z.string() });

/**
 * The sampling parameters a run recorded: its overrides merged onto the endpoint's (runs/targets.ts),
 * so the endpoint's values are not held to the request's bounds.
 */
export const recordedParamsSchema = z.object({
  temperature: z.number().optional(),
  topP: z.number().optional(),
  maxTokens: z.number().int().optional(),
  stop: z.array(z.string()).optional(),
});

/** What the run stores: the request with the seed drawn and the endpoint's parameters merged in. */
export const slRunConfigSchema = slRunRequestSchema.extend({
  sampling: z.discriminatedUnion("mode", [z.object({ mode: z.literal("uniform"), seed: z.number().int() }), z.object({ mode: z.literal("fixed") })]),
  params: recordedParamsSchema,
  endpoint: recordedEndpointSchema,
});
export type SlRunConfig = z.infer<typeof slRunConfigSchema>;

export interface RunProgress {
  id: number;
  name: string;
  kind: string;
  status: "QUEUED" | "RUNNING" | "PAUSED" | "CANCELLED" | "SUCCEEDED" | "FAILED";
  total: number;
  pending: number;
  claimed: number;
  done: number;
  failed: number;
  cancelled: number;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** calls completed in the last 60 seconds */
  callsPerMinute: number;
  /** sampling runs: prompts whose two samples were the same text, so no pair was made (else 0) */
  identicalPairs: number;
  /** seconds until the remaining items are done at the recent pace; null when unknown */
  etaSeconds: number | null;
  /**
   * the variable holding the endpoint's key that a worker lacked when it left an item of this run
   * for another, while no worker with it set has taken one since and no item finished in the last
   * 30 s: the run waits for a worker with it set. Null otherwise.
   */
  waitingForKey: string | null;
  /** errors of the last hour, grouped by kind, newest message of each */
  recentErrors: { kind: string; count: number; retried: number; lastMessage: string; lastAt: string }[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
