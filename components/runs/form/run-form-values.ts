import type { z } from "zod";
import type { SlRunRequest } from "@/lib/schemas/runs";

// The run form holds what the person typed, as text; this turns it into the request that
// slRunRequestSchema parses (in the browser before sending, and again on the server), and turns
// the schema's complaints into messages beside the fields they are about (the server's answers go
// through components/ui/form-errors.ts with FIELD_PATHS).

export interface RunFormValues {
  name: string;
  datasetId: string;
  tag: string;
  q: string;
  withoutChains: boolean;
  limit: string;
  endpointId: string;
  constitutionVersionId: string;
  revisions: string;
  samplingMode: "uniform" | "fixed";
  seed: string;
  fewShot: boolean;
  promptFormat: "chat" | "raw";
  reuseExistingResponse: boolean;
  temperature: string;
  topP: string;
  maxTokens: string;
  stop: string;
  concurrency: string;
}

export function initialValues(defaults: { datasetId?: number; endpointId?: number; constitutionVersionId?: number | null }): RunFormValues {
  return {
    name: "",
    datasetId: defaults.datasetId ? String(defaults.datasetId) : "",
    tag: "",
    q: "",
    withoutChains: false,
    limit: "",
    endpointId: defaults.endpointId ? String(defaults.endpointId) : "",
    constitutionVersionId: defaults.constitutionVersionId ? String(defaults.constitutionVersionId) : "",
    revisions: "4",
    samplingMode: "uniform",
    seed: "",
    fewShot: false,
    promptFormat: "chat",
    reuseExistingResponse: true,
    temperature: "",
    topP: "",
    maxTokens: "",
    stop: "",
    concurrency: "8",
  };
}

/** Blank means "not set"; anything else must read as a number (NaN is left for the schema to refuse). */
function number(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text.trim());
}

function text(value: string): string | undefined {
  return value.trim() === "" ? undefined : value.trim();
}

/** One stop sequence per line; `\n` and `\t` written out stand for a newline and a tab. */
export function parseStops(value: string): string[] | undefined {
  const stops = value
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.replace(/\\n/g, "\n").replace(/\\t/g, "\t"));
  return stops.length > 0 ? stops : undefined;
}

/** The request as the schema wants it (before defaults); the schema decides whether it is valid. */
export function toRequestInput(values: RunFormValues): Record<string, unknown> {
  return {
    name: values.name,
    datasetId: number(values.datasetId),
    filter: { tag: text(values.tag), q: text(values.q), withoutChains: values.withoutChains, limit: number(values.limit) },
    endpointId: number(values.endpointId),
    constitutionVersionId: number(values.constitutionVersionId),
    revisions: number(values.revisions),
    sampling: values.samplingMode === "uniform" ? { mode: "uniform", seed: number(values.seed) } : { mode: "fixed" },
    fewShot: values.fewShot,
    promptFormat: values.promptFormat,
    reuseExistingResponse: values.reuseExistingResponse,
    params: { temperature: number(values.temperature), topP: number(values.topP), maxTokens: number(values.maxTokens), stop: parseStops(values.stop) },
    concurrency: number(values.concurrency),
  } satisfies Partial<Record<keyof SlRunRequest, unknown>>;
}

/** The request paths the form shows errors beside; anything else goes in the message above the button. */
export const FIELD_PATHS = [
  "name",
  "datasetId",
  "filter.tag",
  "filter.q",
  "filter.limit",
  "endpointId",
  "constitutionVersionId",
  "revisions",
  "sampling.seed",
  "fewShot",
  "promptFormat",
  "params.temperature",
  "params.topP",
  "params.maxTokens",
  "params.stop",
  "concurrency",
] as const;
export type FieldPath = (typeof FIELD_PATHS)[number];
export type FieldErrors = Partial<Record<FieldPath, string>>;

const CHOOSE: Partial<Record<FieldPath, string>> = {
  datasetId: "Choose a dataset.",
  endpointId: "Choose an endpoint.",
  constitutionVersionId: "Choose a constitution version.",
};

/** The schema's issues, one message per field (the first), with plainer words for empty pickers. */
export function issuesByField(issues: z.core.$ZodIssue[], values: RunFormValues): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    const field = FIELD_PATHS.find((known) => path === known || path.startsWith(`${known}.`));
    if (!field) {
      other.push(path ? `${path}: ${issue.message}` : issue.message);
      continue;
    }
    const blank = field in CHOOSE && values[field as "datasetId" | "endpointId" | "constitutionVersionId"] === "";
    fields[field] ??= blank ? CHOOSE[field] : issue.message;
  }
  return { fields, other };
}
