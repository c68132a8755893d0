import type { Turn } from "./records";

// The paper's raw dialogue format: "\n\nHuman: ...\n\nAssistant: ...", possibly many turns, often
// ending with an empty "Assistant:" cue where the model is to answer.

const SPEAKER = /(?:^|\n\n)(Human|Assistant):[ ]?/g;

export function looksLikeTranscript(text: string): boolean {
  return /^\s*Human:/.test(text);
}

/** A transcript's turns, each with where its content starts in `body`; a trailing empty cue is kept. */
export function transcriptTurns(text: string): { body: string; turns: (Turn & { start: number })[] } {
  const body = text.replace(/^\s+(?=Human:)/, "");
  const turns: (Turn & { start: number })[] = [];
  let previous: { role: Turn["role"]; start: number } | undefined;
  for (const match of body.matchAll(SPEAKER)) {
    if (previous) turns.push({ ...previous, content: body.slice(previous.start, match.index) });
    previous = { role: match[1] === "Human" ? "user" : "assistant", start: match.index + match[0].length };
  }
  if (previous) turns.push({ ...previous, content: body.slice(previous.start) });
  return { body, turns };
}

/** Turns of a transcript; the empty trailing "Assistant:" cue, if any, is dropped. */
export function parseTranscript(text: string): Turn[] {
  const turns = transcriptTurns(text).turns.map(({ role, content }) => ({ role, content }));
  const last = turns.at(-1);
  if (last && last.role === "assistant" && last.content.trim() === "") turns.pop();
  return turns;
}

/** The inverse, for prompting in the paper's raw format: ends with the "Assistant:" cue. */
export function formatTranscript(turns: Turn[]): string {
  const body = turns
    .filter((t) => t.role !== "system")
    .map((t) => `\n\n${t.role === "user" ? "Human" : "Assistant"}: ${t.content}`)
    .join("");
  return `${body}\n\nAssistant:`;
}
