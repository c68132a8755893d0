"use client";

import { sendJson, type FailureWords } from "@/components/ui/fetch-json";

// The users page's calls to /api/users. A refusal is an ApiError whose fields name the field it is
// about ("email": there is already an account for ..., "role": this is the last admin ...).

const WORDS: FailureWords = {
  unreachable: "The studio's server could not be reached. Is it still running?",
  failed: (status) => `The server answered ${status}.`,
};

async function send(url: string, method: string, body: unknown): Promise<void> {
  await sendJson<unknown>(url, body, { method, ...WORDS });
}

export const createUser = (input: unknown) => send("/api/users", "POST", input);
export const changeRole = (id: string, role: string) => send(`/api/users/${encodeURIComponent(id)}`, "PATCH", { role });
export const resetPassword = (id: string, password: string) => send(`/api/users/${encodeURIComponent(id)}/password`, "POST", { password });
