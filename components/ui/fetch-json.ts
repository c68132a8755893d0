import { apiErrorSchema, type FieldIssue } from "@/lib/schemas/api-error";
import type { ApiAnswers, ApiGet, ApiPost } from "@/lib/schemas/responses";

// The browser's one way to call the studio's API. The API answers errors as {error, fields:
// [{path, message}]} (lib/schemas/api-error.ts); a failed request becomes an ApiError carrying
// both, so a page can show the server's own words and a form can put each field's message beside
// that field.

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * A page's own words for a request that got no usable answer: `unreachable` when the server could
 * not be reached (otherwise the browser's own error goes up), `failed` when an error answer did
 * not say why.
 */
export interface FailureWords {
  unreachable?: string;
  failed?: (status: number) => string;
}

type Method = keyof ApiAnswers;
/** The paths the API answers for a method, as lib/schemas/responses/index.ts lists them. */
export type ApiPath<M extends Method> = keyof ApiAnswers[M] & string;

/** GET `path`; the answer's type is the route's entry in lib/schemas/responses. */
export function fetchJson<P extends ApiPath<"GET">>(path: P, words?: FailureWords): Promise<ApiGet[P]> {
  return request("GET", path, undefined, words);
}

/** POST `path` with a JSON body (none when `body` is undefined). */
export function postJson<P extends ApiPath<"POST">>(path: P, body?: unknown, words?: FailureWords): Promise<ApiPost[P]> {
  return request("POST", path, body, words);
}

/** Any other method (PUT, PATCH, DELETE) with a JSON body. */
export function sendJson<M extends Exclude<Method, "GET">, P extends ApiPath<M>>(method: M, path: P, body?: unknown, words?: FailureWords): Promise<ApiAnswers[M][P]> {
  return request(method, path, body, words);
}

async function request<T>(method: Method, url: string, body: unknown, words: FailureWords = {}): Promise<T> {
  const init: RequestInit =
    body === undefined && method === "GET" ? {} : { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) };
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (words.unreachable === undefined) throw error;
    throw new ApiError(words.unreachable, 0);
  }
  if (response.status === 204) return undefined as T;
  const answer: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const parsed = apiErrorSchema.partial().safeParse(answer);
    const error = parsed.success ? parsed.data : {};
    const failed = words.failed ?? ((status) => `the server answered ${status}`);
    throw new ApiError(error.error ?? failed(response.status), response.status, error.fields ?? []);
  }
  // The one unchecked step: the route's handler answers what its entry in lib/schemas/responses says.
  return answer as T;
}
