import { mulberry32, seedFrom } from "../../lib/cai/seeded-random";
import type { FakeTokenLogprob } from "./types";

// A stand-in tokenizer and made-up log-probs: deterministic, so a test can predict them, and shaped
// like a real model's (each token leads its own top list, alternatives are less likely).

/** Words with their leading whitespace, like GPT-style BPE tokens often are. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

const ALTERNATIVES = [" the", " a", " it", ".", ",", " and", " to", " of", " is", " that"];

export function madeUpLogprobs(tokens: string[], seedText: string): FakeTokenLogprob[] {
  return tokens.map((token, index) => {
    const random = mulberry32(seedFrom(seedText, index));
    const logprob = -0.01 - random() * 1.5;
    const pool = alternativesFor(token);
    const top = [{ token, logprob }];
    let next = logprob;
    for (const alternative of pool) {
      next -= 0.5 + random() * 2;
      top.push({ token: alternative, logprob: next });
    }
    return { token, logprob, top };
  });
}

/** The answer letters of a multiple-choice prompt compete with each other first. */
function alternativesFor(token: string): string[] {
  const letter = token.trim();
  const rivals = letter === "A" ? ["B"] : letter === "B" ? ["A"] : [];
  return [...rivals, ...ALTERNATIVES.filter((alternative) => alternative !== token)];
}

/** Keeps `k` alternatives per token, as a server asked for top_logprobs = k would. */
export function limitAlternatives(logprobs: FakeTokenLogprob[], k: number): FakeTokenLogprob[] {
  return logprobs.map((entry) => ({ ...entry, top: entry.top.slice(0, Math.max(0, k)) }));
}
