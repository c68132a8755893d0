// One interface for every model endpoint the studio talks to. Runs, labeling and the settings page
// depend on these types only; lib/llm/openai-compatible.ts and lib/llm/anthropic.ts adapt the SDKs.

export type EndpointKind = "OPENAI_COMPATIBLE" | "ANTHROPIC" | "SCORER";

/**
 * How a SCORER endpoint (lib/llm/scorer.ts) is spoken to: vLLM's reward-model /pooling API, vLLM's
 * /v1/score (prompt and response as the pair), or a plain JSON {prompt, response} -> {score}.
 */
export const SCORE_FORMATS = ["vllm-pooling", "vllm-score", "json"] as const;
export type ScoreFormat = (typeof SCORE_FORMATS)[number];

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface SamplingParams {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  stop?: string[];
  /** Per attempt: the whole call, from sending the request to the last byte of the reply. */
  timeoutMs?: number;
}

/**
 * Either `messages` (chat form) or `prompt` (raw text completion, the paper's
 * "\n\nHuman: ...\n\nAssistant:" form), never both. Fields set here override the endpoint's params.
 */
export interface CompletionRequest extends SamplingParams {
  messages?: ChatMessage[];
  prompt?: string;
  /** Ask for the log-prob of every generated token with this many alternatives each. */
  topLogprobs?: number;
  signal?: AbortSignal;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  /** The most likely tokens at this position, most likely first (may include `token` itself). */
  top: { token: string; logprob: number }[];
}

export interface Completion {
  text: string;
  finishReason: string | null;
  /** As the server reported it, which may differ from the configured name (aliases, snapshots). */
  model: string;
  promptTokens?: number;
  completionTokens?: number;
  latencyMs: number;
  /** undefined when the endpoint returned none (not asked, or it cannot). */
  logprobs?: TokenLogprob[];
}

export interface ModelClient {
  readonly kind: EndpointKind;
  readonly supportsRawPrompt: boolean;
  /** "unknown" for OpenAI-compatible servers: some return log-probs, some ignore the request. */
  readonly supportsLogprobs: boolean | "unknown";
  /** Resolves with the completion or rejects with an LlmError; never retries by itself. */
  complete(request: CompletionRequest): Promise<Completion>;
}

export interface EndpointConfig {
  kind: EndpointKind;
  /** OpenAI-compatible: up to and including /v1 (e.g. http://127.0.0.1:8000/v1). Anthropic: the host. */
  baseUrl?: string;
  model: string;
  /** Already resolved (from the named env var or decrypted); never logged. */
  apiKey?: string;
  params: SamplingParams;
  /** SCORER endpoints only (default vllm-pooling) */
  scoreFormat?: ScoreFormat;
  maxConcurrency: number;
  requestsPerMinute?: number | null;
}
