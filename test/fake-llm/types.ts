// The fake provider's vocabulary: what a test can make it do, and what it records.

import type { ProviderLimitSettings } from "./provider-limits";

export type FailureKind = "429" | "500" | "503" | "529" | "timeout" | "drop" | "malformed" | "401";

/** A failure to inject; the object form tunes it. */
export type FailureSpec =
  | FailureKind
  | {
      kind: FailureKind;
      /** 429: send `Retry-After: <seconds>` (default 1 when neither this nor retryAfterMs is set). */
      retryAfterSeconds?: number;
      /** 429: send `retry-after-ms: <ms>` (OpenAI's header) instead. */
      retryAfterMs?: number;
      /** timeout: answer normally after this long; unset: accept and never answer. */
      answerAfterMs?: number;
    };

export interface FakeTokenLogprob {
  token: string;
  logprob: number;
  top: { token: string; logprob: number }[];
}

export interface FakeReply {
  text: string;
  /** Per generated token; when absent and the request asks for log-probs, they are made up. */
  logprobs?: FakeTokenLogprob[];
}

export type Dialect = "openai-chat" | "openai-completions" | "anthropic";

/** What a reply function sees: the request, flattened to text whatever its wire shape. */
export interface FakeLlmRequest {
  dialect: Dialect;
  model: string;
  /** Chat forms; Anthropic's `system` field comes first as a system message. */
  messages?: { role: string; content: string }[];
  /** Raw completions form. */
  prompt?: string;
  /** The last user message (chat) or the whole prompt (raw). */
  lastUserText: string;
  body: Record<string, unknown>;
}

export interface FakeLlmBehaviour {
  /** Before every answer: a fixed delay or a uniform draw from [min, max]. */
  latencyMs: number | [number, number];
  reply: (request: FakeLlmRequest) => string | FakeReply;
  /** A scorer route's answer for a response (default: its length / 100). */
  score: (response: string) => number;
  /** Failures for the next completion requests, in order, one each. */
  failNext: FailureSpec[];
  /** Chance that a completion request (with no queued failure) fails with a kind from failureKinds. */
  failureRate: number;
  failureKinds: FailureSpec[];
  /** Seeds the failure and latency draws, so a run's failures are the same every time. */
  seed: number;
  /** When set, other model names get 404 and GET /v1/models lists these. */
  knownModels?: string[];
  /** The model name replies report (real servers often name a snapshot); default: the one asked for. */
  reportModelAs?: string;
  /** When set, requests carrying another key (or none) get 401. */
  requireApiKey?: string;
  /** The provider's own limits: a model request beyond them gets 429 at once (provider-limits.ts). */
  providerLimits?: ProviderLimitSettings;
}

export interface FakeLlmOptions extends Partial<FakeLlmBehaviour> {
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Keep every request in `requests` (default true; a long bench turns it off to save memory). */
  recordRequests?: boolean;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  /** Milliseconds on the performance clock (performance.timeOrigin + now): compare, don't display. */
  receivedAt: number;
  /** Authorization and x-api-key are replaced by "[redacted]" so a printed record shows no key. */
  headers: Record<string, string>;
  body: unknown;
  /** The credential received (Bearer token or x-api-key). Not enumerable: it never prints. */
  readonly sentApiKey?: string;
  /** The failure injected into this request, if any. */
  failure?: FailureKind;
}

export interface FakeLlmStats {
  received: number;
  completed: number;
  inFlight: number;
  maxInFlight: number;
  /** model requests refused with 429 for being over the provider's own limits */
  rejected: number;
  /** the most model requests that arrived within any 60 s */
  mostInAnyMinute: number;
}

export interface FakeLlmServer {
  /** e.g. http://127.0.0.1:40123 (OpenAI clients add /v1; Anthropic clients use it as is). */
  url: string;
  port: number;
  requests: RecordedRequest[];
  stats(): FakeLlmStats;
  setBehaviour(patch: Partial<FakeLlmBehaviour>): void;
  close(): Promise<void>;
}
