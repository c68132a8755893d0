import type { TokenLogprob } from "./types";

// The two shapes OpenAI-compatible servers return log-probs in. Both are read defensively: servers
// differ (vLLM, llama.cpp and TGI each leave out different fields), and a missing field means
// "no log-probs", never a crash.

interface ChatLogprobEntry {
  token?: unknown;
  logprob?: unknown;
  top_logprobs?: { token?: unknown; logprob?: unknown }[] | null;
}

/** chat.completions: choices[0].logprobs.content = [{token, logprob, top_logprobs: [{token, logprob}]}] */
export function logprobsFromChat(logprobs: unknown): TokenLogprob[] | undefined {
  const content = (logprobs as { content?: unknown } | null | undefined)?.content;
  if (!Array.isArray(content)) return undefined;
  return content.map((entry: ChatLogprobEntry) => ({
    token: String(entry.token ?? ""),
    logprob: toLogprob(entry.logprob),
    top: (entry.top_logprobs ?? []).map((alternative) => ({
      token: String(alternative.token ?? ""),
      logprob: toLogprob(alternative.logprob),
    })),
  }));
}

interface LegacyLogprobs {
  tokens?: unknown;
  token_logprobs?: unknown;
  top_logprobs?: unknown;
}

/** completions: choices[0].logprobs = {tokens: [], token_logprobs: [], top_logprobs: [{token: logprob}]} */
export function logprobsFromLegacy(logprobs: unknown): TokenLogprob[] | undefined {
  const legacy = logprobs as LegacyLogprobs | null | undefined;
  if (!legacy || !Array.isArray(legacy.tokens)) return undefined;
  const tokenLogprobs = Array.isArray(legacy.token_logprobs) ? legacy.token_logprobs : [];
  const tops = Array.isArray(legacy.top_logprobs) ? legacy.top_logprobs : [];
  return legacy.tokens.map((token, index) => ({
    token: String(token),
    logprob: toLogprob(tokenLogprobs[index]),
    top: topFromRecord(tops[index]),
  }));
}

function topFromRecord(record: unknown): TokenLogprob["top"] {
  if (!record || typeof record !== "object") return [];
  return Object.entries(record as Record<string, unknown>)
    .map(([token, logprob]) => ({ token, logprob: toLogprob(logprob) }))
    .sort((a, b) => b.logprob - a.logprob);
}

// A null log-prob only appears for echoed prompt tokens; treating it as impossible keeps the
// token's position without inventing a probability.
function toLogprob(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : Number.NEGATIVE_INFINITY;
}
