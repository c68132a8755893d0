import { abortableSleep } from "./abortable-sleep";
import { LlmError } from "./errors";
import type { Completion, CompletionRequest, ModelClient } from "./types";

// The only retry layer (the SDKs run with maxRetries 0). Exponential backoff with full jitter
// (AWS architecture blog, "Exponential Backoff and Jitter"): many workers hitting one rate-limited
// endpoint spread out instead of retrying in lockstep. A server's Retry-After is a floor.

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (error: LlmError, attempt: number, delayMs: number) => void;
}

export const RETRY_DEFAULTS = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 } as const;

export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/**
 * How long to wait after failed attempt number `attempt` (1-based): uniform in
 * [0, min(maxDelay, base * 2^(attempt-1))), but never less than the server's Retry-After.
 */
export function retryDelayMs(attempt: number, error: LlmError, settings: BackoffSettings): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  const jittered = settings.random() * ceiling;
  return Math.max(jittered, error.retryAfterMs ?? 0);
}

export async function completeWithRetry(client: ModelClient, request: CompletionRequest, options: RetryOptions = {}): Promise<Completion> {
  return callWithRetry(() => client.complete(request), request.signal, options);
}

/** The same backoff for any call that rejects with LlmErrors (a scorer's, say). */
export async function callWithRetry<T>(call: () => Promise<T>, signal: AbortSignal | undefined, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts);
  const settings: BackoffSettings = {
    baseDelayMs: options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs,
    random: options.random ?? Math.random,
  };
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (caught) {
      const error = caught instanceof LlmError ? caught : null;
      // Anything but an LlmError is a bug in our code: surfacing it beats retrying it
      if (!error) throw caught;
      if (!error.retryable || attempt >= maxAttempts || signal?.aborted) {
        error.attempts = attempt;
        throw error;
      }
      const delayMs = retryDelayMs(attempt, error, settings);
      options.onRetry?.(error, attempt, delayMs);
      try {
        await sleep(delayMs, signal);
      } catch (sleepError) {
        if (sleepError instanceof LlmError) sleepError.attempts = attempt;
        throw sleepError;
      }
    }
  }
}
