import { countTokens, limitAlternatives, madeUpLogprobs, tokenize } from "./tokens";
import type { FakeLlmRequest, FakeReply, FakeTokenLogprob } from "./types";

// Turns a reply into what a model would have produced under the request's limits: cut at the first
// stop sequence or at max_tokens, with log-probs for the tokens that remain.

export interface Generation {
  text: string;
  /** Per generated token (reply order); what the request's log-prob fields are filled from. */
  logprobs: FakeTokenLogprob[];
  completionTokens: number;
  /** Each dialect names these its own way (OpenAI "stop"/"length", Anthropic "end_turn"/...). */
  ended: "natural" | "max_tokens" | "stop_sequence";
  stopSequence?: string;
  promptTokens: number;
}

export interface GenerationLimits {
  maxTokens?: number;
  stop?: string[];
  /** How many alternatives each token's top list keeps; undefined keeps them all. */
  topLogprobs?: number;
}

export function generate(request: FakeLlmRequest, reply: string | FakeReply, limits: GenerationLimits): Generation {
  const given = typeof reply === "string" ? { text: reply } : reply;
  const textTokens = tokenize(given.text);
  // Given log-probs are used as they are (a test may give them for the first token only)
  let logprobs = given.logprobs ?? madeUpLogprobs(textTokens, given.text);
  if (limits.topLogprobs !== undefined) logprobs = limitAlternatives(logprobs, limits.topLogprobs);
  const promptText = request.prompt ?? (request.messages ?? []).map((message) => message.content).join("\n");
  const promptTokens = countTokens(promptText);

  let text = "";
  for (const [index, token] of textTokens.entries()) {
    const candidate = text + token;
    const stop = firstStop(candidate, limits.stop);
    if (stop) {
      const cut = candidate.slice(0, stop.at);
      return { text: cut, logprobs: logprobs.slice(0, index), completionTokens: index, ended: "stop_sequence", stopSequence: stop.sequence, promptTokens };
    }
    if (limits.maxTokens !== undefined && index >= limits.maxTokens) {
      return { text, logprobs: logprobs.slice(0, index), completionTokens: index, ended: "max_tokens", promptTokens };
    }
    text = candidate;
  }
  return { text: given.text, logprobs, completionTokens: textTokens.length, ended: "natural", promptTokens };
}

function firstStop(text: string, stops: string[] | undefined): { at: number; sequence: string } | undefined {
  let best: { at: number; sequence: string } | undefined;
  for (const sequence of stops ?? []) {
    if (!sequence) continue;
    const at = text.indexOf(sequence);
    if (at >= 0 && (!best || at < best.at)) best = { at, sequence };
  }
  return best;
}
