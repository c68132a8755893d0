"use client";

import { fetchJson, postJson, sendJson, type FailureWords } from "@/components/ui/fetch-json";

// The settings page's calls to /api/endpoints. A refusal is an ApiError whose fields name the
// field the user must fix ("name": an endpoint named ... already exists).

const WORDS: FailureWords = {
  unreachable: "The studio's server could not be reached. Is it still running?",
  failed: (status) => `The server answered ${status}.`,
};

export const fetchEndpoints = () => fetchJson("/api/endpoints", WORDS);

export const saveEndpoint = (id: number | undefined, input: unknown) => (id ? sendJson("PUT", `/api/endpoints/${id}`, input, WORDS) : postJson("/api/endpoints", input, WORDS));

export const deleteEndpoint = (id: number) => sendJson("DELETE", `/api/endpoints/${id}`, undefined, WORDS);

export const testSavedEndpoint = (id: number) => postJson(`/api/endpoints/${id}/test`, undefined, WORDS);

export const testDraftEndpoint = (input: unknown) => postJson("/api/endpoints/test-draft", input, WORDS);
