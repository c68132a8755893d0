import { z } from "zod";
import { SCORE_FORMATS } from "@/lib/llm/types";

// Model endpoints as the settings form, the /api/endpoints routes and CAI_ENDPOINTS write them.
// One set of rules for all three, so an endpoint that saves in the browser also loads from the
// environment, and the worker never meets settings the form would have refused.

export const ENDPOINT_KINDS = ["OPENAI_COMPATIBLE", "ANTHROPIC", "SCORER"] as const;
export type EndpointKindName = (typeof ENDPOINT_KINDS)[number];

/** The kinds that answer prompts: what SL-CAI, sampling and labeling runs can use. */
export const MODEL_ENDPOINT_KINDS = ["OPENAI_COMPATIBLE", "ANTHROPIC"] as const satisfies readonly EndpointKindName[];
export type ModelEndpointKind = (typeof MODEL_ENDPOINT_KINDS)[number];

/** A model endpoint as the run forms offer it. */
export interface ModelEndpointOption {
  id: number;
  name: string;
  kind: ModelEndpointKind;
  model: string;
  supportsLogprobs: boolean | null;
  /** the last Test's outcome; null when never tested */
  lastTestOk: boolean | null;
}

export const ENDPOINT_KIND_LABELS: Record<EndpointKindName, string> = {
  OPENAI_COMPATIBLE: "OpenAI-compatible",
  ANTHROPIC: "Anthropic Messages API",
  SCORER: "Scoring endpoint (preference model over HTTP JSON)",
};

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Sampling and transport defaults; a run's own settings override them per request. */
export const endpointParamsSchema = z
  .object({
    temperature: z.number({ error: "must be a number" }).min(0, "must be 0 or more").max(2, "must be 2 or less").optional(),
    topP: z.number({ error: "must be a number" }).gt(0, "must be more than 0").max(1, "must be 1 or less").optional(),
    maxTokens: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(1_000_000).optional(),
    stop: z.array(z.string().min(1, "a stop sequence cannot be empty")).max(16, "at most 16 stop sequences").optional(),
    timeoutMs: z
      .number({ error: "must be a number" })
      .int("must be a whole number of milliseconds")
      .min(1_000, "must be at least 1 second")
      .max(3_600_000, "must be at most one hour")
      .optional(),
    /** scoring endpoints: vllm-pooling (POST /pooling), vllm-score (POST /v1/score) or json */
    scoreFormat: z.enum(SCORE_FORMATS, { error: `must be one of ${SCORE_FORMATS.join(", ")}` }).optional(),
  })
  .strict();

export type EndpointParams = z.infer<typeof endpointParamsSchema>;

/** An absent base URL means the provider's own (api.openai.com, api.anthropic.com). */
const baseUrlSchema = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : typeof value === "string" ? value.trim() : value),
  z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL, e.g. http://127.0.0.1:8000/v1" })
    .refine((url) => {
      // A key in the URL would be stored in plain text and shown on the settings page. (Refinements
      // run even after the URL check failed, so an unparseable value passes here and fails there.)
      if (!URL.canParse(url)) return true;
      const parsed = new URL(url);
      return !parsed.username && !parsed.password && !parsed.search;
    }, "must not hold a user name, password or query string: put the API key in the key field")
    .optional(),
);

const settingsShape = {
  name: z.string().trim().min(1, "give the endpoint a name").max(100, "at most 100 characters"),
  kind: z.enum(ENDPOINT_KINDS, { error: `must be one of ${ENDPOINT_KINDS.join(", ")}` }),
  baseUrl: baseUrlSchema,
  model: z.string().trim().min(1, "name the model, e.g. meta-llama/Llama-3.1-8B-Instruct").max(200),
  params: endpointParamsSchema.default({}),
  maxConcurrency: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(1024, "must be at most 1024").default(8),
  requestsPerMinute: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(1_000_000).nullable().default(null),
};

/**
 * The server's own secrets and settings: never an API key. Naming one as an endpoint's key
 * variable would send it in an Authorization header to whatever address the endpoint has.
 */
const RESERVED_VARIABLES = [
  /^CAI_SECRET_KEY$/,
  /^CAI_ADMIN_/,
  /^CAI_ENDPOINTS$/,
  /^CAI_TRUSTED_PROXIES$/,
  /^BETTER_AUTH_/,
  /DATABASE_URL$/,
  /^PG[A-Z]+$/, // libpq's PGPASSWORD, PGUSER, PGHOST...
];

export function isReservedVariable(name: string): boolean {
  return RESERVED_VARIABLES.some((pattern) => pattern.test(name));
}

export const reservedVariableMessage = (name: string) => `${name} holds one of the studio's own secrets or settings, not an API key: name the variable that holds the endpoint's key`;

export const envVarNameSchema = z
  .string()
  .trim()
  .regex(ENV_VAR_NAME, "must be an environment variable name: letters, digits and _, not starting with a digit")
  .refine((name) => !isReservedVariable(name), { error: (issue) => reservedVariableMessage(String(issue.input)) });

/**
 * Where the API key comes from. "stored" with a value encrypts a newly typed key; without one (on
 * an edit) it keeps the key already stored, which the browser never sees.
 */
export const apiKeySourceSchema = z.discriminatedUnion("source", [
  z.object({ source: z.literal("none") }),
  z.object({ source: z.literal("env"), env: envVarNameSchema }),
  z.object({
    source: z.literal("stored"),
    value: z
      .string()
      .trim()
      .max(4096, "is too long for an API key")
      .refine((key) => !/\s/.test(key), "must not contain spaces or line breaks")
      .optional()
      .transform((key) => (key === "" ? undefined : key)),
  }),
]);

export type ApiKeySource = z.infer<typeof apiKeySourceSchema>;

type Checkable = { kind: EndpointKindName; params: EndpointParams };

/** Anthropic's API version pinned in lib/llm rejects these: refuse them here, on the field. */
function checkAnthropicSampling(value: Checkable, context: z.RefinementCtx) {
  if (value.kind !== "ANTHROPIC") return;
  for (const [field, label] of [
    ["temperature", "temperature"],
    ["topP", "top_p"],
  ] as const) {
    const set = value.params[field];
    if (set !== undefined && set !== 1) {
      context.addIssue({
        code: "custom",
        path: ["params", field],
        message: `Anthropic's Messages API (the version this studio speaks) no longer accepts ${label}: it always samples at 1. Leave it empty.`,
      });
    }
  }
}

export const createEndpointSchema = z.object({ ...settingsShape, apiKey: apiKeySourceSchema.default({ source: "none" }) }).superRefine((value, context) => {
  checkAnthropicSampling(value, context);
  if (value.apiKey.source === "stored" && !value.apiKey.value) {
    context.addIssue({ code: "custom", path: ["apiKey", "value"], message: "paste the API key to store, or choose another key source" });
  }
});

/** An edit sends every field; a stored key without a value keeps the one already stored. */
export const updateEndpointSchema = z.object({ ...settingsShape, apiKey: apiKeySourceSchema }).superRefine(checkAnthropicSampling);

/** Testing the form before saving it: `id` names the endpoint being edited, whose stored key may be used. */
export const endpointDraftTestSchema = z
  .object({
    ...settingsShape,
    name: z.string().trim().max(100).default(""),
    apiKey: apiKeySourceSchema,
    id: z.number().int().positive().optional(),
  })
  .superRefine(checkAnthropicSampling);

/** One entry of CAI_ENDPOINTS: keys come only from the environment variable it names. */
export const environmentEndpointSchema = z
  .object({ ...settingsShape, apiKeyEnv: envVarNameSchema.optional() })
  .strict()
  .superRefine(checkAnthropicSampling);

export type CreateEndpointInput = z.infer<typeof createEndpointSchema>;
export type UpdateEndpointInput = z.infer<typeof updateEndpointSchema>;
export type EndpointDraftTestInput = z.infer<typeof endpointDraftTestSchema>;
export type EnvironmentEndpoint = z.infer<typeof environmentEndpointSchema>;

/** What the browser may know about a key: where it comes from, never what it is. */
/** Which variable, and whether the server has it set, only admins see: it is the server's environment. */
export type KeySourceView = { source: "none" } | { source: "env"; env?: string; isSet?: boolean } | { source: "stored" };

export interface EndpointView {
  id: number;
  name: string;
  kind: EndpointKindName;
  baseUrl: string | null;
  model: string;
  params: EndpointParams;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  key: KeySourceView;
  /** null until a test said */
  supportsLogprobs: boolean | null;
  /** the last Test's outcome; null when never tested (since its server or model changed) */
  lastTest: { ok: boolean; at: string | null } | null;
  fromEnv: boolean;
  /** runs that used it: such an endpoint cannot be deleted */
  runs: number;
  updatedAt: string;
}

export type LogprobAvailability = "available" | "not returned" | "not supported by this API";

export interface EndpointTestResult {
  /** the model's reply, trimmed; null when the call failed */
  answer: string | null;
  latencyMs: number;
  /** as the server named it, or the configured name when the call failed */
  model: string;
  /** null when the call failed before it could tell */
  logprobs: LogprobAvailability | null;
  /** why the test failed, written for the person testing; never holds the key */
  error?: string;
}
