"use client";

import type { EndpointTestResult, EndpointView } from "@/lib/schemas/endpoints";

// The settings page's calls to /api/endpoints. Errors carry the server's message, which names the
// field when the user must fix one ("name: an endpoint named ... already exists").

async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  } catch {
    throw new Error("The studio's server could not be reached. Is it still running?");
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new Error(body.error ?? `The server answered ${response.status}.`);
  return body as T;
}

export const fetchEndpoints = () => requestJson<EndpointView[]>("/api/endpoints");

export const saveEndpoint = (id: number | undefined, input: unknown) =>
  requestJson<EndpointView>(id ? `/api/endpoints/${id}` : "/api/endpoints", { method: id ? "PUT" : "POST", body: JSON.stringify(input) });

export const deleteEndpoint = (id: number) => requestJson<void>(`/api/endpoints/${id}`, { method: "DELETE" });

export const testSavedEndpoint = (id: number) => requestJson<EndpointTestResult>(`/api/endpoints/${id}/test`, { method: "POST" });

export const testDraftEndpoint = (input: unknown) =>
  requestJson<EndpointTestResult>("/api/endpoints/test-draft", { method: "POST", body: JSON.stringify(input) });
