import type { ScoreFormat } from "@/lib/llm/types";
import type { EndpointKindName, EndpointView } from "@/lib/schemas/endpoints";

// The settings form keeps every field as the text typed; this turns it into the object the shared
// zod schemas parse (on both sides), and an endpoint back into form text for editing.

export interface EndpointFormState {
  kind: EndpointKindName;
  name: string;
  baseUrl: string;
  model: string;
  keySource: "none" | "env" | "stored";
  keyEnv: string;
  /** a newly typed key; empty on an edit means "keep the stored one" */
  keyValue: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  /** one per line, with \n for a line break inside a sequence */
  stop: string;
  timeoutSeconds: string;
  maxConcurrency: string;
  requestsPerMinute: string;
  /** a scoring endpoint's wire format */
  scoreFormat: ScoreFormat;
}

export const EMPTY_FORM: EndpointFormState = {
  kind: "OPENAI_COMPATIBLE",
  name: "",
  baseUrl: "",
  model: "",
  keySource: "none",
  keyEnv: "",
  keyValue: "",
  temperature: "",
  topP: "",
  maxTokens: "",
  stop: "",
  timeoutSeconds: "",
  maxConcurrency: "8",
  requestsPerMinute: "",
  scoreFormat: "vllm-pooling",
};

export function formFromEndpoint(endpoint: EndpointView): EndpointFormState {
  const text = (value: number | undefined | null) => (value === undefined || value === null ? "" : String(value));
  return {
    kind: endpoint.kind,
    name: endpoint.name,
    baseUrl: endpoint.baseUrl ?? "",
    model: endpoint.model,
    keySource: endpoint.key.source,
    keyEnv: endpoint.key.source === "env" ? (endpoint.key.env ?? "") : "",
    keyValue: "",
    temperature: text(endpoint.params.temperature),
    topP: text(endpoint.params.topP),
    maxTokens: text(endpoint.params.maxTokens),
    stop: (endpoint.params.stop ?? []).map(escapeStop).join("\n"),
    timeoutSeconds: endpoint.params.timeoutMs === undefined ? "" : String(endpoint.params.timeoutMs / 1000),
    maxConcurrency: String(endpoint.maxConcurrency),
    requestsPerMinute: text(endpoint.requestsPerMinute),
    scoreFormat: endpoint.params.scoreFormat ?? "vllm-pooling",
  };
}

/** The form as the API's input: empty fields are left out, so the server's defaults apply. */
export function inputFromForm(form: EndpointFormState) {
  const timeout = number(form.timeoutSeconds);
  return {
    name: form.name,
    kind: form.kind,
    baseUrl: form.baseUrl,
    model: form.model,
    apiKey: form.keySource === "env" ? { source: "env", env: form.keyEnv } : form.keySource === "stored" ? { source: "stored", value: form.keyValue } : { source: "none" },
    params: {
      temperature: number(form.temperature),
      topP: number(form.topP),
      maxTokens: number(form.maxTokens),
      stop:
        form.stop.trim() === ""
          ? undefined
          : form.stop
              .split("\n")
              .filter((line) => line !== "")
              .map(unescapeStop),
      timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000),
      scoreFormat: form.kind === "SCORER" ? form.scoreFormat : undefined,
    },
    maxConcurrency: number(form.maxConcurrency),
    requestsPerMinute: number(form.requestsPerMinute) ?? null,
  };
}

/** Maps the schema's field paths to the form control that shows the message. */
export const FIELD_OF_PATH: Record<string, keyof EndpointFormState> = {
  name: "name",
  kind: "kind",
  baseUrl: "baseUrl",
  model: "model",
  "apiKey.env": "keyEnv",
  "apiKey.value": "keyValue",
  "params.temperature": "temperature",
  "params.topP": "topP",
  "params.maxTokens": "maxTokens",
  "params.stop": "stop",
  "params.timeoutMs": "timeoutSeconds",
  "params.scoreFormat": "scoreFormat",
  maxConcurrency: "maxConcurrency",
  requestsPerMinute: "requestsPerMinute",
};

/** A number typed in a field; NaN for text that is not one, so the schema names the field. */
function number(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

function escapeStop(stop: string): string {
  return stop.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t");
}

function unescapeStop(line: string): string {
  return line.replace(/\\(\\|n|t)/g, (_, code: string) => (code === "n" ? "\n" : code === "t" ? "\t" : "\\"));
}
