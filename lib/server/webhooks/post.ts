import "server-only";

// One POST of a signed body to a receiver, and what came of it, told safely: a receiver that is
// slow, never answers or answers without end holds a worker slot for at most `timeoutMs` (the
// answer's body included) and costs at most MAX_READ_BYTES of it. Redirects are not followed (a
// 3xx is not delivered): the receiver is the URL an admin registered, not where it points to.
// Error texts name what happened (a status, a timeout, a refused connection), never the URL,
// which may hold a token in its query string.

/** Bytes of an answer read before the rest is dropped. */
const MAX_READ_BYTES = 64 * 1024;
/** Characters of an answer kept in the attempt's log. */
const KEPT_CHARS = 500;

export interface PostOutcome {
  /** a 2xx came back */
  delivered: boolean;
  /** the HTTP status, or null when none came */
  status: number | null;
  /** why it was not delivered; null when it was */
  error: string | null;
  /** the start of the answer's body, if it had one */
  responseBody: string | null;
  durationMs: number;
}

export interface PostOptions {
  timeoutMs: number;
  /** the worker stopping */
  signal?: AbortSignal;
}

export async function postSigned(url: string, headers: Record<string, string>, body: string, options: PostOptions): Promise<PostOutcome> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const took = () => Math.round(performance.now() - started);
  let status: number | null = null;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "user-agent": "cai-studio-webhooks" },
      body,
      redirect: "manual",
      signal,
    });
    status = response.status;
    // the status decides; a body cut off by the timeout is only not kept
    const responseBody = await readCapped(response).catch(() => null);
    const delivered = status >= 200 && status < 300;
    return { delivered, status, error: delivered ? null : `the receiver answered ${status}`, responseBody, durationMs: took() };
  } catch (error) {
    const why = timeout.aborted
      ? `no answer within ${options.timeoutMs >= 1000 ? `${options.timeoutMs / 1000} s` : `${options.timeoutMs} ms`}`
      : options.signal?.aborted
        ? "the worker stopped before the receiver answered"
        : `could not reach the receiver (${networkCode(error)})`;
    return { delivered: false, status, error: why, responseBody: null, durationMs: took() };
  }
}

/** The first KEPT_CHARS of the body, reading at most MAX_READ_BYTES; the rest is not read. */
async function readCapped(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < MAX_READ_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_READ_BYTES)).trim();
  return text ? text.slice(0, KEPT_CHARS) : null;
}

/** ECONNREFUSED, ENOTFOUND, ...: the cause's code, which names no address. */
function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === "string" ? cause.code : "network error";
}
