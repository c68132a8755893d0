// The one error type model calls reject with. Its kind decides whether a retry can help, so the
// retry layer, the run page's "recent errors by kind" and the item failure message all read it.

export type LlmErrorKind = "rate_limit" | "overloaded" | "server" | "timeout" | "connection" | "auth" | "bad_request" | "not_found" | "malformed" | "cancelled";

const RETRYABLE_KINDS: ReadonlySet<LlmErrorKind> = new Set(["rate_limit", "overloaded", "server", "timeout", "connection", "malformed"]);

export function isRetryableKind(kind: LlmErrorKind): boolean {
  return RETRYABLE_KINDS.has(kind);
}

export interface LlmErrorDetails {
  status?: number;
  retryAfterMs?: number;
}

export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  readonly status?: number;
  /** How long the server asked us to wait before trying again, if it said. */
  readonly retryAfterMs?: number;
  readonly retryable: boolean;
  /** How many attempts were made in all; set by completeWithRetry when it gives up. */
  attempts?: number;

  constructor(kind: LlmErrorKind, message: string, details: LlmErrorDetails = {}) {
    super(message);
    this.name = "LlmError";
    this.kind = kind;
    this.retryable = isRetryableKind(kind);
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

/** The kind an HTTP error status means, the same for every provider. */
export function kindForStatus(status: number): LlmErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 408) return "timeout";
  // 409 is what OpenAI returns on an internal lock timeout; its SDK retries it, so do we
  if (status === 409) return "server";
  if (status === 429) return "rate_limit";
  if (status === 529) return "overloaded";
  if (status >= 500) return "server";
  return "bad_request";
}
