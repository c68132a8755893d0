import { isObject, nonBlankStringAt, numberAt, stringAt, tagsAt, typeName } from "./fields";
import { FieldError } from "./problems";
import type { ImportRecord, Turn } from "./records";
import { checkConversation, messagesAt } from "./prompts";
import { looksLikeTranscript, parseTranscript, transcriptTurns } from "./transcript";

// Preference pairs, one per JSONL line or CSV row: a prompt, the answer people (or a judge) chose and
// the one they rejected. Every form TRL's trainers read, and Anthropic's hh-rlhf:
//   hh-rlhf                    {"chosen": "\n\nHuman: ...\n\nAssistant: A", "rejected": "...Assistant: B"}
//   TRL standard               {"prompt": "The sky is", "chosen": " blue.", "rejected": " green."}
//   TRL standard, implicit     {"chosen": "The sky is blue.", "rejected": "The sky is green."}
//   TRL conversational         {"prompt": [messages], "chosen": [assistant message], "rejected": [...]}
//   TRL conversational, implicit  {"chosen": [whole conversation], "rejected": [whole conversation]}
//                              (a plain-text "prompt" beside them is ignored, as TRL's maybe_extract_prompt does)
// The studio's own preference export is the conversational form plus provenance columns (soft label,
// label source, principles, judge, comparison id); in CSV the messages are JSON text. Scalar columns
// beyond prompt/chosen/rejected/tags are kept, as "name: value" text, in the note of the pair's
// imported human label: what the file said, not a label or run of this studio.

const PAIR_FIELDS = new Set(["prompt", "chosen", "rejected", "tags"]);
const NOTE_MAX_CHARS = 2000;
const NOTE_VALUE_MAX_CHARS = 300;

export function preferenceRecord(row: unknown, line: number): ImportRecord {
  if (!isObject(row)) throw new FieldError(undefined, `expected a JSON object, got ${typeName(row)}`);
  const { turns, chosen, rejected } = row.prompt === undefined || textPromptBesideConversations(row) ? implicitPrompt(row) : explicitPrompt(row);
  // an empty answer is data (hh-rlhf has pairs where the preferred answer is saying nothing): it is
  // imported, and the import counts it
  const note = provenanceNote(row);
  return {
    line,
    turns,
    tags: tagsAt(row.tags, "tags"),
    pair: { chosen, rejected, ...(note !== undefined && { note }) },
  };
}

type Pair = { turns: Turn[]; chosen: string; rejected: string };

/**
 * A plain-text prompt beside chosen and rejected conversations: TRL then takes the prompt from the
 * conversations (some datasets add the question as text), and so does this.
 */
function textPromptBesideConversations(row: Record<string, unknown>): boolean {
  return typeof row.prompt === "string" && conversationAt(row.prompt, "prompt") === undefined && conversationAt(row.chosen, "chosen") !== undefined;
}

/** {"prompt", "chosen", "rejected"}: the prompt as messages, a transcript or one user turn. */
function explicitPrompt(row: Record<string, unknown>): Pair {
  const turns = conversationAt(row.prompt, "prompt") ?? [{ role: "user", content: nonBlankStringAt(row.prompt, "prompt") }];
  // the Human:/Assistant: cue that ends a transcript prompt has been dropped; a chat prompt may
  // end with an empty assistant turn for the same purpose
  if (turns.at(-1)?.role === "assistant" && turns.at(-1)!.content.trim() === "") turns.pop();
  checkConversation(turns, "prompt");
  return { turns, chosen: answerAfter(turns, row.chosen, "chosen"), rejected: answerAfter(turns, row.rejected, "rejected") };
}

/**
 * The answer in `chosen` or `rejected` of a row with a prompt: plain text, or one assistant message
 * (a conversation that repeats the prompt first is accepted too).
 */
function answerAfter(prompt: Turn[], value: unknown, field: string): string {
  const conversation = conversationAt(value, field);
  if (!conversation) return stringAt(value, field);
  const rest = startsWith(conversation, prompt) ? conversation.slice(prompt.length) : conversation;
  if (rest.length !== 1 || rest[0].role !== "assistant") {
    const got = rest.length === 1 ? `one ${rest[0].role} message` : `${rest.length} messages`;
    throw new FieldError(field, `must be the assistant's answer to the prompt: one assistant message, got ${got}`);
  }
  return rest[0].content;
}

/** {"chosen", "rejected"} alone: two conversations that differ only in the last answer. */
function implicitPrompt(row: Record<string, unknown>): Pair {
  if (typeof row.chosen === "string" && typeof row.rejected === "string" && looksLikeTranscript(row.chosen) && looksLikeTranscript(row.rejected)) {
    return transcriptPair(row.chosen, row.rejected);
  }
  const chosenTurns = conversationAt(row.chosen, "chosen");
  const rejectedTurns = conversationAt(row.rejected, "rejected");
  if (!chosenTurns && !rejectedTurns) return sharedTextPrefix(row);
  const chosen = answeredConversation(chosenTurns ?? notAConversation(row.chosen, "chosen"), "chosen");
  const rejected = answeredConversation(rejectedTurns ?? notAConversation(row.rejected, "rejected"), "rejected");
  const differs = firstDifferentTurn(chosen.turns, rejected.turns);
  if (differs !== -1) {
    throw new FieldError("rejected", `does not share the conversation before the last answer with "chosen" (turn ${differs + 1} differs)`);
  }
  checkConversation(chosen.turns, "chosen");
  return { turns: chosen.turns, chosen: chosen.answer, rejected: rejected.answer };
}

/**
 * hh-rlhf: two transcripts that are the same conversation up to an assistant turn, then each that
 * turn's answer. The answer is the rest of the transcript as written: a sample that ran on into a
 * "Human: ..." turn of its own (a few hh-rlhf answers do) is one answer, not more conversation, and
 * an answer left empty after the "Assistant:" cue is an empty answer.
 */
function transcriptPair(chosenText: string, rejectedText: string): Pair {
  const chosen = transcriptTurns(chosenText);
  const rejected = transcriptTurns(rejectedText);
  let at = firstDifferentTurn(chosen.turns, rejected.turns);
  // the same transcript twice: the last turn is the (identical) answer of both
  if (at === -1) at = chosen.turns.length - 1;
  for (const [side, field] of [
    [chosen, "chosen"],
    [rejected, "rejected"],
  ] as const) {
    if (side.turns[at]?.role !== "assistant") {
      if (at < Math.min(chosen.turns.length, rejected.turns.length) - 1 && side.turns[at]?.role === "user") {
        throw new FieldError("rejected", `does not share the conversation before the last answer with "chosen" (turn ${at + 1} differs)`);
      }
      throw new FieldError(field, "must be a conversation that ends with the assistant's answer");
    }
  }
  const turns = chosen.turns.slice(0, at).map(({ role, content }) => ({ role, content }));
  checkConversation(turns, "chosen");
  return {
    turns,
    chosen: chosen.body.slice(chosen.turns[at].start),
    rejected: rejected.body.slice(rejected.turns[at].start),
  };
}

/**
 * TRL's standard implicit-prompt rows are plain text: the prompt is what both share, cut where they
 * first differ (and before a space there), as TRL's extract_prompt does.
 */
function sharedTextPrefix(row: Record<string, unknown>): Pair {
  const chosen = nonBlankStringAt(row.chosen, "chosen");
  const rejected = nonBlankStringAt(row.rejected, "rejected");
  let cut = 0;
  while (cut < chosen.length && cut < rejected.length && chosen[cut] === rejected[cut]) cut++;
  if (cut === chosen.length && cut === rejected.length) throw new FieldError("rejected", 'is the same text as "chosen"');
  if (cut > 0 && chosen[cut - 1] === " " && cut < Math.min(chosen.length, rejected.length)) cut--;
  const prompt = chosen.slice(0, cut);
  if (prompt.trim() === "") {
    throw new FieldError("prompt", 'is missing, and "chosen" and "rejected" share no text to take it from');
  }
  return { turns: [{ role: "user", content: prompt }], chosen: chosen.slice(cut), rejected: rejected.slice(cut) };
}

/** One of the two is a conversation and the other is not. */
function notAConversation(value: unknown, field: string): never {
  throw new FieldError(
    field,
    `expected a conversation like the other answer's (messages or a "Human: ... Assistant: ..." transcript), got ${typeof value === "string" ? "plain text" : typeName(value)}`,
  );
}

function answeredConversation(turns: Turn[], field: string): { turns: Turn[]; answer: string } {
  const rest = [...turns];
  const last = rest.pop();
  if (!last || last.role !== "assistant") {
    throw new FieldError(field, "must be a conversation that ends with the assistant's answer");
  }
  return { turns: rest, answer: last.content };
}

/**
 * A value that is a conversation: an array of messages, a CSV cell holding one as JSON text, or a
 * Human:/Assistant: transcript. Undefined for plain text.
 */
function conversationAt(value: unknown, field: string): Turn[] | undefined {
  if (Array.isArray(value)) return messagesAt(value, field);
  if (typeof value !== "string") {
    if (value === undefined) throw new FieldError(field, "is missing");
    throw new FieldError(field, `expected text or a list of messages, got ${typeName(value)}`);
  }
  if (looksLikeTranscript(value)) return parseTranscript(value);
  if (/^\s*\[\s*\{/.test(value)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined; // text that happens to start like JSON
    }
    if (Array.isArray(parsed) && parsed.every((m) => isObject(m) && ("role" in m || "from" in m))) return messagesAt(parsed, field);
  }
  return undefined;
}

function startsWith(turns: Turn[], prefix: Turn[]): boolean {
  return turns.length > prefix.length && firstDifferentTurn(turns.slice(0, prefix.length), prefix) === -1;
}

function firstDifferentTurn(a: Turn[], b: Turn[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]?.role !== b[i]?.role || a[i]?.content !== b[i]?.content) return i;
  }
  return -1;
}

/** The row's other scalar columns as "name: value; ..." text, the soft label checked. */
function provenanceNote(row: Record<string, unknown>): string | undefined {
  // the studio's export: the probability that chosen wins, checked when present
  if (row.soft_label !== undefined) checkProbability(row.soft_label, "soft_label");
  const parts: string[] = [];
  for (const [name, value] of Object.entries(row)) {
    if (PAIR_FIELDS.has(name)) continue;
    const text = scalarText(value);
    if (text !== undefined) parts.push(`${name}: ${text}`);
  }
  if (parts.length === 0) return undefined;
  const note = `From the file: ${parts.join("; ")}`;
  return note.length > NOTE_MAX_CHARS ? `${note.slice(0, NOTE_MAX_CHARS - 1)}…` : note;
}

/** A number in [0, 1]; CSV cells hold it as text. */
function checkProbability(value: unknown, field: string): void {
  const numeric = typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value));
  const p = numberAt(numeric ? Number(value) : value, field);
  if (p < 0 || p > 1) throw new FieldError(field, `must be a probability between 0 and 1, got ${p}`);
}

function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") {
    const list = /^\s*\[/.test(value) ? jsonList(value) : undefined;
    if (list) return scalarText(list);
    return value.length > NOTE_VALUE_MAX_CHARS ? undefined : value;
  }
  // a list of keys (principles): empty says nothing
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) {
    const text = value.join(", ");
    return text === "" || text.length > NOTE_VALUE_MAX_CHARS ? undefined : text;
  }
  return undefined;
}

/** A CSV cell holding a list as JSON text. */
function jsonList(text: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
