import type { ComparisonSource } from "@/lib/schemas/comparisons";
import type { LabelRunRequest } from "@/lib/schemas/labels";
import { parseStops } from "@/components/runs/form/run-form-values";
import type { EndpointOption } from "./endpoint-facts";
import { numberOrUndefined as number } from "@/components/ui/form-errors";

// The labeling form holds what the person typed, as text; this turns it into the request that
// labelRunRequestSchema parses (in the browser before sending, and again on the server), and says
// which choices an endpoint or a constitution version cannot honour, and why.

export type MethodKind = "logprobs" | "sampled" | "stated";

export interface LabelFormValues {
  name: string;
  datasetId: string;
  source: "" | ComparisonSource;
  pairRunId: string;
  unjudgedOnly: boolean;
  limit: string;
  endpointId: string;
  constitutionVersionId: string;
  principlesPerPair: string;
  seed: string;
  bothOrders: boolean;
  chainOfThought: boolean;
  clampLow: string;
  clampHigh: string;
  methodKind: MethodKind;
  k: string;
  fewShot: boolean;
  promptFormat: "chat" | "raw";
  temperature: string;
  topP: string;
  maxTokens: string;
  stop: string;
  concurrency: string;
}

export interface LabelFormDefaults {
  datasetId?: number;
  endpoint?: EndpointOption;
  constitutionVersionId?: number | null;
  source?: LabelFormValues["source"];
  pairRunId?: number;
  unjudgedOnly?: boolean;
}

export function initialLabelValues(defaults: LabelFormDefaults = {}): LabelFormValues {
  return {
    name: "",
    datasetId: defaults.datasetId ? String(defaults.datasetId) : "",
    source: defaults.source ?? "",
    pairRunId: defaults.pairRunId ? String(defaults.pairRunId) : "",
    unjudgedOnly: defaults.unjudgedOnly ?? false,
    limit: "",
    endpointId: defaults.endpoint ? String(defaults.endpoint.id) : "",
    constitutionVersionId: defaults.constitutionVersionId ? String(defaults.constitutionVersionId) : "",
    principlesPerPair: "1",
    seed: "",
    bothOrders: true,
    chainOfThought: false,
    clampLow: "0.4",
    clampHigh: "0.6",
    methodKind: defaults.endpoint && !logprobsPossible(defaults.endpoint) ? "sampled" : "logprobs",
    k: "8",
    fewShot: false,
    promptFormat: "chat",
    temperature: "",
    topP: "",
    maxTokens: "",
    stop: "",
    concurrency: "8",
  };
}

/** False only when the endpoint is known to return no log-probs: an untested one may. */
export function logprobsPossible(endpoint: EndpointOption): boolean {
  return endpoint.kind !== "ANTHROPIC" && endpoint.supportsLogprobs !== false;
}

/** Why the log-probs method cannot be used with this endpoint, or undefined when it can. */
export function logprobsRefusal(endpoint: EndpointOption | undefined): string | undefined {
  if (!endpoint) return undefined;
  if (endpoint.kind === "ANTHROPIC") {
    return `${endpoint.name} is an Anthropic endpoint: Anthropic's Messages API returns no token log-probs. Choose the sampled or stated fallback.`;
  }
  if (endpoint.supportsLogprobs === false) {
    return `${endpoint.name} returned no log-probs when it was tested. Choose the sampled or stated fallback, or test it again in Settings.`;
  }
  return undefined;
}

export function toLabelRequestInput(values: LabelFormValues): Record<string, unknown> {
  const method = values.methodKind === "sampled" ? { kind: "sampled", k: number(values.k) } : values.methodKind === "stated" ? { kind: "stated" } : { kind: "logprobs" };
  return {
    name: values.name,
    datasetId: number(values.datasetId),
    pairs: {
      source: values.source || undefined,
      pairRunId: number(values.pairRunId),
      unjudgedOnly: values.unjudgedOnly,
      limit: number(values.limit),
    },
    endpointId: number(values.endpointId),
    constitutionVersionId: number(values.constitutionVersionId),
    principlesPerPair: number(values.principlesPerPair),
    seed: number(values.seed),
    bothOrders: values.bothOrders,
    chainOfThought: values.chainOfThought,
    // the clamp is the paper's answer to chain-of-thought over-confidence; it is sent as set either way
    clamp: { low: number(values.clampLow), high: number(values.clampHigh) },
    method,
    fewShot: values.fewShot,
    promptFormat: values.promptFormat,
    params: { temperature: number(values.temperature), topP: number(values.topP), maxTokens: number(values.maxTokens), stop: parseStops(values.stop) },
    concurrency: number(values.concurrency),
  } satisfies Partial<Record<keyof LabelRunRequest, unknown>>;
}

/** The pair selection as the count route reads it. */
export function selectionParams(values: Pick<LabelFormValues, "datasetId" | "source" | "pairRunId" | "unjudgedOnly" | "limit" | "endpointId">): URLSearchParams {
  const params = new URLSearchParams();
  params.set("datasetId", values.datasetId);
  if (values.endpointId) params.set("endpointId", values.endpointId);
  if (values.source) params.set("source", values.source);
  if (values.pairRunId) params.set("pairRunId", values.pairRunId);
  if (values.unjudgedOnly) params.set("unjudgedOnly", "true");
  if (values.limit.trim()) params.set("limit", values.limit.trim());
  return params;
}

export const LABEL_FIELD_PATHS = [
  "name",
  "datasetId",
  "pairs.source",
  "pairs.pairRunId",
  "pairs.unjudgedOnly",
  "pairs.limit",
  "endpointId",
  "constitutionVersionId",
  "principlesPerPair",
  "seed",
  "bothOrders",
  "chainOfThought",
  "clamp.low",
  "clamp.high",
  "clamp",
  "method.k",
  "method",
  "fewShot",
  "promptFormat",
  "params.temperature",
  "params.topP",
  "params.maxTokens",
  "params.stop",
  "concurrency",
] as const;
export type LabelFieldPath = (typeof LABEL_FIELD_PATHS)[number];

const BLANK: Partial<Record<LabelFieldPath, keyof LabelFormValues>> = { datasetId: "datasetId", endpointId: "endpointId", constitutionVersionId: "constitutionVersionId" };
const CHOOSE: Partial<Record<LabelFieldPath, string>> = {
  datasetId: "Choose a dataset.",
  endpointId: "Choose an endpoint.",
  constitutionVersionId: "Choose a constitution version.",
};

/** Plainer words for a picker left empty. */
export function blankMessage(values: LabelFormValues): (field: LabelFieldPath) => string | undefined {
  return (field) => {
    const key = BLANK[field];
    return key && values[key] === "" ? CHOOSE[field] : undefined;
  };
}

/**
 * What the schema cannot know: the endpoint's log-prob support, the version's principles and
 * few-shot examples. The server checks the same and answers in the same "field: message" form.
 */
export function crossFieldProblems(
  values: LabelFormValues,
  endpoint: EndpointOption | undefined,
  version: { preference: number; fewShots: { PREFERENCE: number; PREFERENCE_COT: number } } | undefined,
): Partial<Record<LabelFieldPath, string>> {
  const problems: Partial<Record<LabelFieldPath, string>> = {};
  if (values.methodKind === "logprobs") {
    const refusal = logprobsRefusal(endpoint);
    if (refusal) problems.method = refusal;
  }
  if (version) {
    if (version.preference === 0) problems.constitutionVersionId = "This version has no preference principles to judge with.";
    const k = Number(values.principlesPerPair);
    if (version.preference > 0 && Number.isInteger(k) && k > version.preference) {
      problems.principlesPerPair = `This version has ${version.preference} preference ${version.preference === 1 ? "principle" : "principles"}: at most ${version.preference}.`;
    }
    if (values.fewShot && version.fewShots[values.chainOfThought ? "PREFERENCE_COT" : "PREFERENCE"] === 0) {
      problems.fewShot = `This version has no ${values.chainOfThought ? "chain-of-thought " : ""}preference few-shot examples.`;
    }
  }
  if (values.promptFormat === "raw" && endpoint?.kind === "ANTHROPIC") problems.promptFormat = "The raw form needs an OpenAI-compatible completions endpoint.";
  return problems;
}

/** The error slot a form value's messages go to. */
export function labelFieldOf(key: keyof LabelFormValues): LabelFieldPath {
  const map: Partial<Record<keyof LabelFormValues, LabelFieldPath>> = {
    source: "pairs.source",
    pairRunId: "pairs.pairRunId",
    unjudgedOnly: "pairs.unjudgedOnly",
    limit: "pairs.limit",
    clampLow: "clamp.low",
    clampHigh: "clamp.high",
    methodKind: "method",
    k: "method.k",
    temperature: "params.temperature",
    topP: "params.topP",
    maxTokens: "params.maxTokens",
    stop: "params.stop",
  };
  return map[key] ?? (key as LabelFieldPath);
}
