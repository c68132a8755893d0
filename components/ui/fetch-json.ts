import { apiErrorSchema, type FieldIssue } from "@/lib/schemas/api-error";

// The studio's API answers errors as {error, fields: [{path, message}]} (lib/schemas/api-error.ts);
// a failed request becomes an ApiError carrying both, so a page can show the server's own words and
// a form can put each field's message beside that field.

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

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const parsed = apiErrorSchema.partial().safeParse(body);
    const error = parsed.success ? parsed.data : {};
    throw new ApiError(error.error ?? `the server answered ${response.status}`, response.status, error.fields ?? []);
  }
  return body as T;
}

export function postJson<T>(url: string, body?: unknown): Promise<T> {
  return fetchJson<T>(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
