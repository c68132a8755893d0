import { numberOrUndefined, textOrUndefined } from "@/components/ui/form-errors";
import { DEFAULT_THRESHOLDS, type CreateQueueInput, type CriterionKind } from "@/lib/schemas/review";

// The new-queue form's state as typed text, and the request it becomes: blank numbers are left to
// the schema's defaults, the source not chosen is left out.

export interface QueueFormValues {
  name: string;
  source: "run" | "dataset";
  labelRunId: string;
  datasetId: string;
  kind: CriterionKind;
  threshold: string;
  seed: string;
  size: string;
  reviewersPerItem: string;
  blindByDefault: boolean;
  randomiseSides: boolean;
  /** blank: adjudicate only when reviewers disagree */
  adjudicationThreshold: string;
}

export const QUEUE_FIELD_PATHS = [
  "name",
  "labelRunId",
  "datasetId",
  "criteria.kind",
  "criteria.threshold",
  "criteria.seed",
  "criteria.size",
  "reviewersPerItem",
  "adjudicationThreshold",
] as const;
export type QueueFieldPath = (typeof QUEUE_FIELD_PATHS)[number];

export function initialQueueValues(defaults: { labelRunId?: number; datasetId?: number }): QueueFormValues {
  return {
    name: "",
    source: defaults.datasetId !== undefined && defaults.labelRunId === undefined ? "dataset" : "run",
    labelRunId: defaults.labelRunId ? String(defaults.labelRunId) : "",
    datasetId: defaults.datasetId ? String(defaults.datasetId) : "",
    kind: defaults.datasetId !== undefined && defaults.labelRunId === undefined ? "spot-check" : "low-confidence",
    threshold: String(DEFAULT_THRESHOLDS["low-confidence"]),
    seed: "",
    size: "100",
    reviewersPerItem: "1",
    blindByDefault: true,
    randomiseSides: true,
    adjudicationThreshold: "",
  };
}

export function hasThreshold(kind: CriterionKind): kind is keyof typeof DEFAULT_THRESHOLDS {
  return kind in DEFAULT_THRESHOLDS;
}

function criteriaOf(values: QueueFormValues): CreateQueueInput["criteria"] | Record<string, unknown> {
  if (hasThreshold(values.kind)) return { kind: values.kind, threshold: numberOrUndefined(values.threshold) };
  if (values.kind === "spot-check") return { kind: values.kind, seed: values.seed, size: numberOrUndefined(values.size) };
  return { kind: values.kind };
}

export function toCreateQueueInput(values: QueueFormValues): Record<string, unknown> {
  return {
    name: values.name,
    labelRunId: values.source === "run" ? textOrUndefined(values.labelRunId) : undefined,
    datasetId: values.source === "dataset" ? textOrUndefined(values.datasetId) : undefined,
    criteria: criteriaOf(values),
    reviewersPerItem: numberOrUndefined(values.reviewersPerItem),
    blindByDefault: values.blindByDefault,
    randomiseSides: values.randomiseSides,
    adjudicationThreshold: numberOrUndefined(values.adjudicationThreshold) ?? null,
  };
}

/** Plainer words for a picker left empty than the schema's "expected number". */
export function blankQueueMessage(values: QueueFormValues) {
  return (field: QueueFieldPath): string | undefined => {
    if (field === "labelRunId" && values.source === "run" && values.labelRunId === "") return "choose a labeling run";
    if (field === "datasetId" && values.source === "dataset" && values.datasetId === "") return "choose a dataset";
    if (field === "reviewersPerItem" && values.reviewersPerItem.trim() === "") return "how many reviewers should answer each pair (1 or more)";
    if (field === "criteria.size" && values.size.trim() === "") return "how many pairs to draw";
    return undefined;
  };
}
