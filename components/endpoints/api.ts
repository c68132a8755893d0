"use client";

import { sendJson, fetchJson, type FailureWords } from "@/components/ui/fetch-json";
import type { EndpointTestResult, EndpointView } from "@/lib/schemas/endpoints";

// The settings page's calls to /api/endpoints. A refusal is an ApiError whose fields name the
// field the user must fix ("name": an endpoint named ... already exists).

const WORDS: FailureWords = {
  unreachable: "The studio's server could not be reached. Is it still running?",
  failed: (status) => `The server answered ${status}.`,
};

export const fetchEndpoints = () => fetchJson<EndpointView[]>("/api/endpoints", undefined, WORDS);

export const saveEndpoint = (id: number | undefined, input: unknown) =>
  sendJson<EndpointView>(id ? `/api/endpoints/${id}` : "/api/endpoints", input, { method: id ? "PUT" : "POST", ...WORDS });

export const deleteEndpoint = (id: number) => sendJson<void>(`/api/endpoints/${id}`, undefined, { method: "DELETE", ...WORDS });

export const testSavedEndpoint = (id: number) => sendJson<EndpointTestResult>(`/api/endpoints/${id}/test`, undefined, WORDS);

export const testDraftEndpoint = (input: unknown) => sendJson<EndpointTestResult>("/api/endpoints/test-draft", input, WORDS);
