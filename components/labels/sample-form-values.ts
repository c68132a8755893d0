import type { SampleRunRequest } from "@/lib/schemas/labels";
import { parseStops } from "@/components/runs/form/run-form-values";
import { numberOrUndefined as number, textOrUndefined as text } from "@/components/ui/form-errors";

// The sampling-run form holds what the person typed, as text; this turns it into the request that
// sampleRunRequestSchema parses (in the browser before sending, and again on the server).

export interface SampleFormValues {
  name: string;
  datasetId: string;
  tag: string;
  q: string;
  limit: string;
  endpointId: string;
  promptFormat: "chat" | "raw";
  temperature: string;
  topP: string;
  maxTokens: string;
  stop: string;
  concurrency: string;
}

export function initialSampleValues(defaults: { datasetId?: number; endpointId?: number }): SampleFormValues {
  return {
    name: "",
    datasetId: defaults.datasetId ? String(defaults.datasetId) : "",
    tag: "",
    q: "",
    limit: "",
    endpointId: defaults.endpointId ? String(defaults.endpointId) : "",
    promptFormat: "chat",
    // two samples of one prompt must differ: the request refuses 0
    temperature: "1",
    topP: "",
    maxTokens: "",
    stop: "",
    concurrency: "8",
  };
}

export function toSampleRequestInput(values: SampleFormValues): Record<string, unknown> {
  return {
    name: values.name,
    datasetId: number(values.datasetId),
    filter: { tag: text(values.tag), q: text(values.q), limit: number(values.limit) },
    endpointId: number(values.endpointId),
    promptFormat: values.promptFormat,
    params: { temperature: number(values.temperature), topP: number(values.topP), maxTokens: number(values.maxTokens), stop: parseStops(values.stop) },
    concurrency: number(values.concurrency),
  } satisfies Partial<Record<keyof SampleRunRequest, unknown>>;
}

export const SAMPLE_FIELD_PATHS = [
  "name",
  "datasetId",
  "filter.tag",
  "filter.q",
  "filter.limit",
  "endpointId",
  "promptFormat",
  "params.temperature",
  "params.topP",
  "params.maxTokens",
  "params.stop",
  "concurrency",
] as const;
export type SampleFieldPath = (typeof SAMPLE_FIELD_PATHS)[number];

export const SAMPLE_BLANK: Partial<Record<SampleFieldPath, string>> = { datasetId: "Choose a dataset.", endpointId: "Choose an endpoint." };

/** The error slot a form value's messages go to. */
export function sampleFieldOf(key: keyof SampleFormValues): SampleFieldPath {
  const map: Partial<Record<keyof SampleFormValues, SampleFieldPath>> = {
    tag: "filter.tag",
    q: "filter.q",
    limit: "filter.limit",
    temperature: "params.temperature",
    topP: "params.topP",
    maxTokens: "params.maxTokens",
    stop: "params.stop",
  };
  return map[key] ?? (key as SampleFieldPath);
}
