"use client";

import { postJson, sendJson, type FailureWords } from "@/components/ui/fetch-json";

// The users page's calls to /api/users. A refusal is an ApiError whose fields name the field it is
// about ("email": there is already an account for ..., "role": this is the last admin ...).

const WORDS: FailureWords = {
  unreachable: "The studio's server could not be reached. Is it still running?",
  failed: (status) => `The server answered ${status}.`,
};

export const createUser = async (input: unknown) => void (await postJson("/api/users", input, WORDS));
export const changeRole = async (id: string, role: string) => void (await sendJson("PATCH", `/api/users/${encodeURIComponent(id)}`, { role }, WORDS));
export const resetPassword = async (id: string, password: string) => void (await postJson(`/api/users/${encodeURIComponent(id)}/password`, { password }, WORDS));
