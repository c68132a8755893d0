import { seedFrom } from "../../lib/cai/seeded-random";
import type { FakeLlmRequest, FakeReply } from "./types";

// The reply when a test gives none: a pure function of the request, so calls can be told apart and
// a rerun gets the same text, and shaped after what the request asks for (a critique, a revision,
// an answer letter), so a critique-revision chain or a preference label looks plausible.

type Asked = "critique" | "revision" | "choice" | "reasoning" | "answer";

export function defaultReply(request: FakeLlmRequest): string | FakeReply {
  const tag = seedFrom(request.dialect, request.messages ? JSON.stringify(request.messages) : (request.prompt ?? ""))
    .toString(16)
    .padStart(8, "0");
  switch (whatIsAsked(request.lastUserText)) {
    case "critique":
      return `Critique ${tag}: the response could be more careful. It assumes facts the person did not give and should say where it is unsure.`;
    case "revision":
      return `Revision ${tag}: here is a more careful answer that says where it is unsure and keeps to what was asked.`;
    case "reasoning":
      return `Let's think step by step ${tag}: both responses answer the question, but one is more careful. So the answer is (${letterFor(tag)}).`;
    case "choice":
      return letterFor(tag);
    case "answer":
      return `Answer ${tag}: a short, helpful and harmless answer to the question.`;
  }
}

/** The cue that comes last wins: a revision request follows the critique it revises. */
function whatIsAsked(text: string): Asked {
  if (/\(A\)/.test(text) && /\(B\)/.test(text)) {
    const cuedForLetter = /(answer is|\(|:)\s*$/i.test(text);
    return !cuedForLetter && /step[- ]by[- ]step/i.test(text) ? "reasoning" : "choice";
  }
  const critiqueAt = lastIndex(text, /critique|identify|point out|last answer|what is (wrong|harmful)|most harmful/gi);
  const revisionAt = lastIndex(text, /revis|rewrite/gi);
  if (critiqueAt < 0 && revisionAt < 0) return "answer";
  return revisionAt > critiqueAt ? "revision" : "critique";
}

function lastIndex(text: string, pattern: RegExp): number {
  let last = -1;
  for (const match of text.matchAll(pattern)) last = match.index ?? last;
  return last;
}

function letterFor(tag: string): "A" | "B" {
  return Number.parseInt(tag.slice(-1), 16) % 2 === 0 ? "A" : "B";
}
