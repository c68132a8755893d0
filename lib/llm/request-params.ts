import { LlmError } from "./errors";
import type { CompletionRequest, SamplingParams } from "./types";

// The endpoint's params are defaults; a run's own settings (per request) win.

/** Used when neither the endpoint nor the request sets one: long enough for a slow local model. */
export const DEFAULT_TIMEOUT_MS = 300_000;

export type EffectiveParams = SamplingParams & { timeoutMs: number };

export function effectiveParams(endpointParams: SamplingParams, request: CompletionRequest): EffectiveParams {
  const pick = <K extends keyof SamplingParams>(key: K): SamplingParams[K] => request[key] ?? endpointParams[key];
  return {
    temperature: pick("temperature"),
    topP: pick("topP"),
    maxTokens: pick("maxTokens"),
    stop: pick("stop"),
    timeoutMs: pick("timeoutMs") ?? DEFAULT_TIMEOUT_MS,
  };
}

/** Rejects a request that is neither chat nor raw, or both, before anything is sent. */
export function requestForm(request: CompletionRequest): "chat" | "raw" {
  const hasMessages = request.messages !== undefined;
  const hasPrompt = request.prompt !== undefined;
  if (hasMessages === hasPrompt) {
    throw new LlmError("bad_request", "A completion request needs either `messages` or `prompt`, not both or neither.");
  }
  return hasMessages ? "chat" : "raw";
}
