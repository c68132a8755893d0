"use client";

import { fetchJson, postJson, sendJson, type FailureWords } from "@/components/ui/fetch-json";
import type { CreateWebhookInput, UpdateWebhookInput } from "@/lib/schemas/webhooks";

// The webhooks section's calls to /api/webhooks. A refusal is an ApiError whose fields name what it
// is about ("url", "events").

const WORDS: FailureWords = {
  unreachable: "The studio's server could not be reached. Is it still running?",
  failed: (status) => `The server answered ${status}.`,
};

export const fetchWebhooks = () => fetchJson("/api/webhooks", WORDS);
export const fetchDeliveries = (id: number, before?: number) =>
  before === undefined ? fetchJson(`/api/webhooks/${id}/deliveries`, WORDS) : fetchJson(`/api/webhooks/${id}/deliveries?before=${before}`, WORDS);
export const createWebhook = (input: CreateWebhookInput) => postJson("/api/webhooks", input, WORDS);
export const updateWebhook = (id: number, input: UpdateWebhookInput) => sendJson("PATCH", `/api/webhooks/${id}`, input, WORDS);
export const deleteWebhook = (id: number) => sendJson("DELETE", `/api/webhooks/${id}`, undefined, WORDS);
export const rotateSecret = (id: number) => postJson(`/api/webhooks/${id}/rotate-secret`, undefined, WORDS);
export const sendTestEvent = (id: number) => postJson(`/api/webhooks/${id}/test`, undefined, WORDS);

export type WebhookItem = Awaited<ReturnType<typeof fetchWebhooks>>[number];
export type DeliveryItem = Awaited<ReturnType<typeof fetchDeliveries>>["deliveries"][number];
