import { apiErrorSchema, type FieldIssue } from "@/lib/schemas/api-error";

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

export async function fetchJson<T>(url: string, init?: RequestInit, words: FailureWords = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (words.unreachable === undefined) throw error;
    throw new ApiError(words.unreachable, 0);
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const parsed = apiErrorSchema.partial().safeParse(body);
    const error = parsed.success ? parsed.data : {};
    const failed = words.failed ?? ((status) => `the server answered ${status}`);
    throw new ApiError(error.error ?? failed(response.status), response.status, error.fields ?? []);
  }
  return body as T;
}

/** A JSON request with a body (POST unless `method` says otherwise). */
export function sendJson<T>(url: string, body?: unknown, options: { method?: string } & FailureWords = {}): Promise<T> {
  const { method = "POST", ...words } = options;
  return fetchJson<T>(url, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }, words);
}

export function postJson<T>(url: string, body?: unknown): Promise<T> {
  return sendJson<T>(url, body);
}
