import "server-only";
import { AnthropicClient } from "./anthropic";
import { OpenAiCompatibleClient } from "./openai-compatible";
import { LlmError } from "./errors";
import type { EndpointConfig, ModelClient } from "./types";

// The model-endpoint layer. Typical use for one call of a run:
//   const client = withLimiter(createModelClient(config), limiter); // the worker's, lib/server/endpoints/shared-limit.ts
//   const completion = await completeWithRetry(client, { messages, topLogprobs: 5, signal });

export function createModelClient(config: EndpointConfig): ModelClient {
  switch (config.kind) {
    case "OPENAI_COMPATIBLE":
      return new OpenAiCompatibleClient(config);
    case "ANTHROPIC":
      return new AnthropicClient(config);
    case "SCORER":
      // a scorer answers with a number, not text: lib/llm/scorer.ts speaks to it
      throw new LlmError("bad_request", "This is a scoring endpoint: it scores responses and cannot generate text. Choose a model endpoint.");
    default: {
      const unknownKind: never = config.kind;
      throw new Error(`unknown endpoint kind: ${String(unknownKind)}`);
    }
  }
}

export type { ChatMessage, Completion, CompletionRequest, EndpointConfig, EndpointKind, ModelClient, SamplingParams, ScoreFormat, TokenLogprob } from "./types";
export { LlmError, isRetryableKind, type LlmErrorKind } from "./errors";
export { callWithRetry, completeWithRetry, retryDelayMs, RETRY_DEFAULTS, type RetryOptions } from "./retry";
export { EndpointLimiter, type EndpointLimits, type LimiterClock, type LimiterGate } from "./limiter";
export { withLimiter } from "./limited-client";
export { DEFAULT_TIMEOUT_MS } from "./request-params";
