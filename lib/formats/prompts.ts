import { arrayAt, isObject, nonBlankStringAt, stringAt, tagsAt, typeName } from "./fields";
import { FieldError } from "./problems";
import type { ImportRecord, Turn, TurnRole } from "./records";
import { looksLikeTranscript, parseTranscript } from "./transcript";

// Plain prompts, one per JSONL line or CSV row:
//   {"prompt": "..."} or {"text": "..."}             one user turn, or a raw Human:/Assistant: transcript
//   {"messages": [{"role": "user", "content": "..."}, ...]}   chat form (ShareGPT's from/value too)
// with optional "response" (an answer to start from) and "tags". A conversation that ends with the
// assistant's answer keeps that answer as the prompt's response.

const ROLE_NAMES: Record<string, TurnRole> = {
  user: "user",
  human: "user",
  assistant: "assistant",
  gpt: "assistant",
  bot: "assistant",
  model: "assistant",
  system: "system",
};

export function promptRecord(row: unknown, line: number): ImportRecord {
  const fields = typeof row === "string" ? { prompt: row } : row;
  if (!isObject(fields)) throw new FieldError(undefined, `expected a JSON object, got ${typeName(row)}`);

  let turns: Turn[];
  let field: string;
  if (fields.messages !== undefined) {
    field = "messages";
    turns = messagesAt(fields.messages, "messages");
  } else {
    field = ["prompt", "text", "transcript"].find((name) => fields[name] !== undefined) ?? "";
    if (!field) throw new FieldError("prompt", 'is missing: a row needs "prompt", "text", "transcript" or "messages"');
    const text = nonBlankStringAt(fields[field], field);
    turns = looksLikeTranscript(text) ? parseTranscript(text) : [{ role: "user", content: text }];
  }

  let response: string | undefined;
  if (turns.at(-1)?.role === "assistant") response = turns.pop()!.content;
  const explicit = fields.response ?? fields.completion;
  if (explicit !== undefined) {
    if (response !== undefined) throw new FieldError("response", `the ${field} already end with the assistant's answer`);
    response = nonBlankStringAt(explicit, fields.response !== undefined ? "response" : "completion");
  }
  checkConversation(turns, field);
  return { line, turns, tags: tagsAt(fields.tags, "tags"), ...(response !== undefined && { response }) };
}

/** A prompt must end with a non-empty user turn; the writer relies on it. */
export function checkConversation(turns: Turn[], field: string): void {
  const last = turns.at(-1);
  if (!last) throw new FieldError(field, "has no turns");
  if (last.role !== "user") throw new FieldError(field, `must end with a user turn; the last turn is from the ${last.role}`);
  turns.forEach((turn, i) => {
    if (turn.role === "user" && turn.content.trim() === "") throw new FieldError(field, `turn ${i + 1} (user) is empty`);
  });
}

/** Chat messages at `field`; a CSV cell holds them as a JSON string. */
export function messagesAt(value: unknown, field: string): Turn[] {
  let messages = value;
  if (typeof value === "string") {
    try {
      messages = JSON.parse(value);
    } catch {
      throw new FieldError(field, "is a string that is not a JSON array of messages");
    }
  }
  return arrayAt(messages, field).map((message, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(message)) throw new FieldError(at, `expected an object, got ${typeName(message)}`);
    const roleField = message.role !== undefined ? "role" : "from";
    const roleName = stringAt(message[roleField], `${at}.${roleField}`);
    const role = ROLE_NAMES[roleName.toLowerCase()];
    if (!role) throw new FieldError(`${at}.${roleField}`, `unknown role "${roleName}" (expected user, assistant or system)`);
    const contentField = message.content !== undefined ? "content" : "value";
    return { role, content: contentAt(message[contentField], `${at}.${contentField}`) };
  });
}

/** Message content: a string, or OpenAI-style parts of which the text parts are kept. */
function contentAt(value: unknown, field: string): string {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) throw new FieldError(field, `expected a string or an array of parts, got ${typeName(value)}`);
  return value.map((part, i) => (isObject(part) && part.type === "text" ? stringAt(part.text, `${field}[${i}].text`) : "")).join("");
}
