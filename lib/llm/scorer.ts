import "server-only";
import { startDeadline } from "./deadline";
import { LlmError, kindForStatus } from "./errors";
import { displayableUrl, redactSecret } from "./redact";
import { DEFAULT_TIMEOUT_MS } from "./request-params";
import { retryAfterMsFromHeaders } from "./retry-after";
import type { ChatMessage, EndpointConfig, ScoreFormat } from "./types";

// A preference-model scorer over HTTP JSON: the conversation and a response in, one number out.
// Three wire formats (EndpointConfig.scoreFormat):
//   vllm-pooling  POST <base>/pooling {model, messages: [...conversation, {role: "assistant", content: response}]}
//                 -> {data: [{index: 0, object: "pooling", data: ...}]}: vLLM serving a reward model
//                 (`vllm serve <reward model> --runner pooling`). `data` is a number, [number] (a
//                 sequence classifier: its first label), or one row per token (a reward model's
//                 ALL pooling): the score is the last token's first value.
//   vllm-score    POST <base>/v1/score {model, text_1: conversation text, text_2: response}
//                 -> {data: [{index: 0, object: "score", score}]}: a cross-encoder / 1-label classifier.
//   json          POST <base> {model, messages, response} -> {score}: anything else, a small adapter away.
// Errors are LlmErrors of the same kinds as the chat clients', so the same retry layer applies.

export interface ScoreRequest {
  /** the conversation up to the response (user and assistant turns) */
  messages: ChatMessage[];
  response: string;
  signal?: AbortSignal;
}

export interface ScoreResult {
  value: number;
  /** as the server named it, else the configured one */
  model: string;
  /** the exact body sent (never the key) */
  request: { url: string; body: object };
  /** the reply body as received, for the call record */
  reply: string;
  latencyMs: number;
  promptTokens?: number;
}

export class ScorerClient {
  readonly format: ScoreFormat;
  private readonly url: string;
  private readonly label: string;

  constructor(private readonly config: EndpointConfig) {
    if (!config.baseUrl) throw new LlmError("bad_request", "A scoring endpoint needs a base URL.");
    this.format = config.scoreFormat ?? "vllm-pooling";
    const base = config.baseUrl.replace(/\/+$/, "");
    this.url = this.format === "vllm-pooling" ? `${base}/pooling` : this.format === "vllm-score" ? `${base.replace(/\/v1$/, "")}/v1/score` : base;
    this.label = `scoring endpoint ${displayableUrl(this.url)}`;
  }

  async score(request: ScoreRequest): Promise<ScoreResult> {
    const body = this.body(request);
    const timeoutMs = this.config.params.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = startDeadline(timeoutMs, request.signal);
    const startedAt = performance.now();
    let text: string;
    try {
      const response = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}) },
        body: JSON.stringify(body),
        signal: deadline.signal,
      });
      text = await response.text();
      if (!response.ok) {
        const detail = redactSecret(text.slice(0, 300), this.config.apiKey);
        throw new LlmError(kindForStatus(response.status), `${this.label} answered ${response.status}: ${detail}`, {
          status: response.status,
          retryAfterMs: retryAfterMsFromHeaders(response.headers),
        });
      }
    } catch (error) {
      if (error instanceof LlmError) throw error;
      if (deadline.cancelledByCaller()) throw new LlmError("cancelled", `the call to ${this.label} was cancelled`);
      if (deadline.timedOut()) throw new LlmError("timeout", `${this.label} did not answer within ${timeoutMs} ms`);
      throw new LlmError("connection", `could not reach ${this.label}: ${(error as Error).message}`);
    } finally {
      deadline.dispose();
    }
    const latencyMs = performance.now() - startedAt;
    const parsed = this.parse(text);
    return { ...parsed, request: { url: this.url, body }, reply: text, latencyMs };
  }

  private body(request: ScoreRequest): object {
    const model = this.config.model;
    switch (this.format) {
      case "vllm-pooling":
        return { model, messages: [...request.messages, { role: "assistant", content: request.response }] };
      case "vllm-score":
        return { model, text_1: request.messages.map((m) => m.content).join("\n\n"), text_2: request.response };
      case "json":
        return { model, messages: request.messages, response: request.response };
    }
  }

  private parse(text: string): { value: number; model: string; promptTokens?: number } {
    const malformed = (why: string) => new LlmError("malformed", `${this.label} sent a reply without a score: ${why}`);
    let body: { model?: unknown; data?: unknown; score?: unknown; usage?: { prompt_tokens?: unknown } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw malformed("the body is not JSON");
    }
    const model = typeof body?.model === "string" ? body.model : this.config.model;
    const promptTokens = typeof body?.usage?.prompt_tokens === "number" ? body.usage.prompt_tokens : undefined;
    let value: unknown;
    if (this.format === "json") value = body?.score;
    else {
      const first = Array.isArray(body?.data) ? (body.data[0] as { data?: unknown; score?: unknown } | undefined) : undefined;
      if (!first) throw malformed("no data[0]");
      value = this.format === "vllm-score" ? first.score : lastScalar(first.data);
    }
    if (typeof value !== "number" || !Number.isFinite(value)) throw malformed(`expected a number, got ${JSON.stringify(value)?.slice(0, 80)}`);
    return { value, model, promptTokens };
  }
}

/** 0.7, [0.7] (a classifier's labels: the first) or [[...], [0.7]] (one row per token: the last row). */
function lastScalar(data: unknown): unknown {
  let value = data;
  while (Array.isArray(value)) {
    const last: unknown = value.at(-1);
    value = Array.isArray(last) ? last : value[0];
  }
  return value;
}
