"use client";

// The users page's calls to /api/users. Errors carry the server's message, which names the field
// ("email: there is already an account for ...", "role: this is the last admin ...").

async function send(url: string, method: string, body: unknown): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    throw new Error("The studio's server could not be reached. Is it still running?");
  }
  if (response.ok) return;
  const answer = (await response.json().catch(() => ({}))) as { error?: string };
  throw new Error(answer.error ?? `The server answered ${response.status}.`);
}

export const createUser = (input: unknown) => send("/api/users", "POST", input);
export const changeRole = (id: string, role: string) => send(`/api/users/${encodeURIComponent(id)}`, "PATCH", { role });
export const resetPassword = (id: string, password: string) => send(`/api/users/${encodeURIComponent(id)}/password`, "POST", { password });
