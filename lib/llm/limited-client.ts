import type { EndpointLimiter } from "./limiter";
import type { ModelClient } from "./types";

/**
 * `client` with every call going through `limiter`. Wrap before completeWithRetry, not after:
 * then each attempt counts against the rate limit and a backoff sleep holds no concurrency slot.
 */
export function withLimiter(client: ModelClient, limiter: EndpointLimiter): ModelClient {
  return {
    kind: client.kind,
    supportsRawPrompt: client.supportsRawPrompt,
    supportsLogprobs: client.supportsLogprobs,
    complete: (request) => limiter.run(() => client.complete(request), request.signal),
  };
}
