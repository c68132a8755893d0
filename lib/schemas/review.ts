import { z } from "zod";
import { id } from "@/lib/schemas/ids";

// Review queues and answers, parsed the same way by the new-queue form, the review screen and the
// API. A queue is a labeling run's verdicts (or a dataset's pairs) that match one criterion, ranked
// so the pairs where the AI is least trustworthy come first; N reviewers answer each pair.

/** A URL parameter that may be absent or empty; both mean "not set". */
function param<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());
}

export const CRITERION_KINDS = ["low-confidence", "flips", "principle-disagreement", "cot-clamp-gap", "spot-check", "all"] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

/** Criteria that read a labeling run's verdicts: a queue over a dataset's pairs alone cannot use them. */
export const VERDICT_CRITERIA: readonly CriterionKind[] = ["low-confidence", "flips", "principle-disagreement", "cot-clamp-gap"];

export const DEFAULT_THRESHOLDS = { "low-confidence": 0.1, "principle-disagreement": 0.2, "cot-clamp-gap": 0.1 } as const;

export const SPOT_CHECK_MAX = 10_000;

/** a random sample of `size` pairs, the same for the same seed: the first `size` by md5(seed || comparison id) */
const spotCheckSchema = z.object({
  kind: z.literal("spot-check"),
  seed: z.string().trim().min(1, "a seed is needed: the same seed gives the same sample").max(100),
  size: z.number().int().min(1).max(SPOT_CHECK_MAX),
});

export const criteriaSchema = z.discriminatedUnion("kind", [
  /** |P(A) used - 0.5| below the threshold: the AI barely prefers either response; closest to 0.5 first */
  z.object({ kind: z.literal("low-confidence"), threshold: z.number().gt(0).max(0.5).default(DEFAULT_THRESHOLDS["low-confidence"]) }),
  /** at least one principle picked different winners in the two orders; most flips first */
  z.object({ kind: z.literal("flips") }),
  /** the ensemble's principles disagree: max - min of their P(A) above the threshold; biggest spread first */
  z.object({ kind: z.literal("principle-disagreement"), threshold: z.number().min(0).lt(1).default(DEFAULT_THRESHOLDS["principle-disagreement"]) }),
  /** chain-of-thought verdicts whose raw and clamped P(A) differ by more than the threshold; biggest gap first */
  z.object({ kind: z.literal("cot-clamp-gap"), threshold: z.number().min(0).lt(1).default(DEFAULT_THRESHOLDS["cot-clamp-gap"]) }),
  spotCheckSchema,
  /** every pair: of a labeling run, closest to 0.5 first; of a dataset, by id */
  z.object({ kind: z.literal("all") }),
]);
export type Criteria = z.infer<typeof criteriaSchema>;

/**
 * The criteria as a queue stores them: a spot check keeps the comparison ids it drew when the queue
 * was made (md5 over every pair of a run is too slow to repeat on each page, and pairs a run adds
 * later must not change a sample that reviewers are half-way through).
 */
export const storedCriteriaSchema = z.union([spotCheckSchema.extend({ drawn: z.array(z.number().int()) }), criteriaSchema]);
export type StoredCriteria = z.infer<typeof storedCriteriaSchema>;

/** The criteria without what only the server needs (a spot check's drawn ids). */
export function publicCriteria(criteria: StoredCriteria): Criteria {
  if (criteria.kind === "spot-check") return { kind: criteria.kind, seed: criteria.seed, size: criteria.size };
  return criteria;
}

export const createQueueSchema = z
  .object({
    name: z.string().trim().min(1, "a queue needs a name").max(200),
    /** the labeling run whose verdicts select and rank the pairs */
    labelRunId: id.optional(),
    /** without a labeling run: the pairs of this dataset (spot checks, or all of them) */
    datasetId: id.optional(),
    criteria: criteriaSchema,
    /** N: an item is complete when N different reviewers have a current answer other than skip */
    reviewersPerItem: z.number().int().min(1).max(20).default(1),
    /** reviewers answer before they see the AI's reasoning and probabilities, unless they ask to see them */
    blindByDefault: z.boolean().default(true),
    /** which response each reviewer sees first is drawn per reviewer and pair (off: A is always first) */
    randomiseSides: z.boolean().default(true),
    /** also send an item to adjudication when people's share for A and the AI's P(A) differ by more than this */
    adjudicationThreshold: z.number().gt(0, "a threshold above 0").lt(1, "a threshold below 1").nullable().default(null),
  })
  .superRefine((queue, ctx) => {
    if (queue.labelRunId === undefined && queue.datasetId === undefined) {
      ctx.addIssue({ code: "custom", path: ["labelRunId"], message: "choose a labeling run (or a dataset for a spot check of its pairs)" });
    }
    if (queue.labelRunId !== undefined && queue.datasetId !== undefined) {
      ctx.addIssue({ code: "custom", path: ["datasetId"], message: "choose a labeling run or a dataset, not both" });
    }
    if (queue.labelRunId === undefined && VERDICT_CRITERIA.includes(queue.criteria.kind)) {
      ctx.addIssue({ code: "custom", path: ["criteria", "kind"], message: `"${CRITERION_LABELS[queue.criteria.kind]}" reads the AI's verdicts: choose a labeling run` });
    }
  });
export type CreateQueueInput = z.input<typeof createQueueSchema>;

/** A queue as the form stands, to count its items before it is made: the name does not change which pairs, so it is not asked for. */
export const queuePreviewSchema = z.preprocess((value) => (value !== null && typeof value === "object" && !Array.isArray(value) ? { ...value, name: "preview" } : value), createQueueSchema);

export interface QueuePreview {
  /** the pairs the queue would hold */
  items: number;
  /** answers it needs to be complete: items x reviewers per item */
  answers: number;
}
export type CreateQueueRequest = z.infer<typeof createQueueSchema>;

export const HUMAN_CHOICES = ["A", "B", "TIE", "SKIP", "FLAG"] as const;
export type HumanChoice = (typeof HUMAN_CHOICES)[number];

export const answerSchema = z
  .object({
    comparisonId: id,
    choice: z.enum(HUMAN_CHOICES),
    /** blank means no note */
    note: z
      .string()
      .trim()
      .max(5000)
      .optional()
      .transform((note) => note || undefined),
    // no sawAi: whether the AI's judgment was on screen is what the server showed (its reveals), not
    // what the browser says; a sawAi a client still sends is dropped with the other unknown keys
  })
  .superRefine((answer, ctx) => {
    if (answer.choice === "FLAG" && !answer.note) ctx.addIssue({ code: "custom", path: ["note"], message: "a flag needs a note saying what is wrong" });
  });
export type AnswerRequest = z.infer<typeof answerSchema>;

/** Which items a list or the review screen walks: the ones still to do, or all of them. */
export const itemFilterSchema = z.object({
  show: param(z.enum(["todo", "all"])).transform((value) => value ?? "todo"),
  /** only items the signed-in reviewer has no current answer on */
  unreviewed: param(z.stringbool()).transform((value) => value ?? false),
});
export type ItemFilter = z.infer<typeof itemFilterSchema>;

/** A keyset position in a queue: the item's rank and comparison id, as "rank_id". */
const cursor = z.string().transform((text, ctx) => {
  const match = /^(-?[0-9.e+-]+)_(\d+)$/i.exec(text);
  const rank = match ? Number(match[1]) : NaN;
  const itemId = match ? Number(match[2]) : NaN;
  if (!Number.isFinite(rank) || !Number.isSafeInteger(itemId) || itemId > 2_147_483_647) {
    ctx.addIssue({ code: "custom", message: "a position in the queue, as rank_id" });
    return z.NEVER;
  }
  return { rank, id: itemId };
});

export const QUEUE_PAGE_SIZE = 50;

export const itemListQuerySchema = itemFilterSchema.extend({
  after: param(cursor),
  limit: param(z.coerce.number().int().min(1).max(200)),
});
export type ItemListQuery = z.infer<typeof itemListQuerySchema>;

/** The review screen's query: the list walked. Seeing the AI's judgment early is a recorded reveal (POST .../reveal), not a parameter. */
export const itemViewQuerySchema = itemFilterSchema;
export type ItemViewQuery = z.infer<typeof itemViewQuerySchema>;

export const queueIdParamsSchema = z.object({ id });
export const queueItemParamsSchema = z.object({ id, comparisonId: id });

export function cursorText(position: { rank: number; id: number }): string {
  return `${position.rank}_${position.id}`;
}

/** The filter as URL parameters, leaving out the defaults. */
export function itemFilterSearchParams(filter: ItemFilter, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.show !== "todo") params.set("show", filter.show);
  if (filter.unreviewed) params.set("unreviewed", "true");
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}

export const CRITERION_LABELS: Record<CriterionKind, string> = {
  "low-confidence": "Low confidence",
  flips: "Order flips",
  "principle-disagreement": "Principles disagree",
  "cot-clamp-gap": "Chain-of-thought clamp gap",
  "spot-check": "Spot check",
  all: "All pairs",
};

/** The criterion in words, with its parameters: what the queue list and the review screen say. */
export function describeCriteria(criteria: Criteria): string {
  switch (criteria.kind) {
    case "low-confidence":
      return `Low confidence: |P(A) − 0.5| below ${criteria.threshold}, closest to 0.5 first`;
    case "flips":
      return "Order flips: a principle picked different winners in the two orders, most flips first";
    case "principle-disagreement":
      return `Principles disagree: spread of the principles' P(A) above ${criteria.threshold}, biggest first`;
    case "cot-clamp-gap":
      return `Chain-of-thought clamp gap: raw and clamped P(A) differ by more than ${criteria.threshold}, biggest gap first`;
    case "spot-check":
      return `Spot check: ${criteria.size} pairs drawn with seed "${criteria.seed}"`;
    case "all":
      return "All pairs";
  }
}

export interface QueueProgress {
  /** items in the queue */
  total: number;
  /** items with N different reviewers' current answers other than skip */
  done: number;
  /** items the signed-in reviewer has a current answer on (skips included) */
  mine: number;
}

export interface QueueSummary {
  id: number;
  name: string;
  dataset: { id: number; name: string } | null;
  labelRun: { id: number; name: string } | null;
  criteria: Criteria;
  reviewersPerItem: number;
  blindByDefault: boolean;
  sidesRandomised: boolean;
  adjudicationThreshold: number | null;
  createdBy: { name: string; email: string } | null;
  createdAt: string;
  archivedAt: string | null;
  progress: QueueProgress;
}

export interface QueueItemRow {
  comparisonId: number;
  rank: number;
  /** the next page starts after this */
  cursor: string;
  preview: string;
  /** the labeling run's verdict, when the queue has one */
  verdict: { pA: number; pAUsed: number; flips: number; spread: number; principles: number; chainOfThought: boolean } | null;
  /** different reviewers with a current answer other than skip */
  answers: number;
  complete: boolean;
  /** the signed-in reviewer's current answer */
  myChoice: HumanChoice | null;
}

export interface QueueItemPage {
  rows: QueueItemRow[];
  /** the cursor of the next page, when there is one */
  next?: string;
}

/** An adjudicator's resolution of a pair: A, B or tie in the comparison's terms, and why. */
export const resolutionSchema = z.object({
  comparisonId: id,
  choice: z.enum(["A", "B", "TIE"]),
  reason: z.string().trim().min(1, "a resolution needs a reason: say why this answer is right").max(5000),
});
export type ResolutionRequest = z.infer<typeof resolutionSchema>;
