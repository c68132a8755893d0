import { anthropicError } from "./anthropic-wire";
import { openAiError } from "./openai-wire";
import type { Dialect, FailureKind, FailureSpec } from "./types";

// What each injected failure looks like on the wire, in the dialect of the route it hits. The
// bodies copy the real providers' (OpenAI's {error: {...}}, Anthropic's {type: "error", ...}).

export type FailureAction =
  | { type: "status"; status: number; headers: Record<string, string>; body: object }
  /** accept the request and never answer */
  | { type: "hang" }
  /** answer normally, but only after this long */
  | { type: "late"; afterMs: number }
  /** start a 200 response and destroy the socket halfway */
  | { type: "drop" }
  /** a 200 whose body is not JSON */
  | { type: "malformed" };

export function kindOf(spec: FailureSpec): FailureKind {
  return typeof spec === "string" ? spec : spec.kind;
}

/** `credential` is echoed in 401 bodies as careless servers do, to prove clients never repeat it. */
export function failureAction(spec: FailureSpec, dialect: Dialect, credential: string | undefined): FailureAction {
  const options = typeof spec === "string" ? { kind: spec } : spec;
  const anthropic = dialect === "anthropic";
  const status = (code: number, openAi: object, anthropicBody: object, headers: Record<string, string> = {}): FailureAction => ({
    type: "status",
    status: code,
    headers,
    body: anthropic ? anthropicBody : openAi,
  });
  switch (options.kind) {
    case "429": {
      const headers: Record<string, string> =
        options.retryAfterMs !== undefined ? { "retry-after-ms": String(options.retryAfterMs) } : { "retry-after": String(options.retryAfterSeconds ?? 1) };
      return status(
        429,
        openAiError("Rate limit reached for requests per minute. Please try again later.", "requests", "rate_limit_exceeded"),
        anthropicError("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
        headers,
      );
    }
    case "500":
      return status(500, openAiError("The server had an error while processing your request. Sorry about that!", "server_error"), anthropicError("api_error", "Internal server error"));
    case "503":
      return status(
        503,
        openAiError("The engine is currently overloaded, please try again later.", "server_error", "service_unavailable"),
        anthropicError("api_error", "Service unavailable"),
      );
    case "529":
      return status(529, openAiError("Overloaded", "overloaded_error"), anthropicError("overloaded_error", "Overloaded"));
    case "401":
      return status(
        401,
        openAiError(`Incorrect API key provided: ${credential ?? "(none)"}.`, "invalid_request_error", "invalid_api_key"),
        anthropicError("authentication_error", `invalid x-api-key: ${credential ?? "(none)"}`),
      );
    case "timeout":
      return options.answerAfterMs === undefined ? { type: "hang" } : { type: "late", afterMs: options.answerAfterMs };
    case "drop":
      return { type: "drop" };
    case "malformed":
      return { type: "malformed" };
  }
}
