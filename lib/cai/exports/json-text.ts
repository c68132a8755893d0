// The JSON the exports write: Python's json.dumps style (", " between items, ": " after keys), the
// style Hugging Face datasets and most training scripts write, and the one Postgres prints jsonb in.
// That is what lets an SFT row take the prompt's turns as Postgres prints them and add the answer,
// without parsing and re-encoding every conversation (the bulk of an export's work at paper scale).

/** JSON already written in the export style: kept as text in a row, written as it is. */
export class JsonText {
  constructor(readonly text: string) {}
  /** a row with JsonText in it still serialises (and parses back) as plain JSON */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

export function jsonText(value: unknown): string {
  if (value instanceof JsonText) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${jsonText(item)}`)
      .join(", ")}}`;
  }
  return value === undefined ? "null" : JSON.stringify(value);
}

/**
 * A conversation's turns as Postgres prints jsonb ([{"role": "user", "content": "..."}]) with one
 * more message at the end, as JSON text in the export style.
 */
export function appendMessage(turnsJson: string, role: string, content: string): JsonText {
  const open = turnsJson.trimEnd();
  if (!open.startsWith("[") || !open.endsWith("]")) throw new Error(`turns are not a JSON array: ${open.slice(0, 40)}`);
  const head = open.slice(0, -1).trimEnd();
  const message = messageJson(role, content);
  return new JsonText(head === "[" ? `[${message}]` : `${head}, ${message}]`);
}

/** Messages written out in the export style, as a list. */
export function messageList(...messages: [role: string, content: string][]): JsonText {
  return new JsonText(`[${messages.map(([role, content]) => messageJson(role, content)).join(", ")}]`);
}

function messageJson(role: string, content: string): string {
  return `{"role": ${JSON.stringify(role)}, "content": ${JSON.stringify(content)}}`;
}

/** A row type with its JsonText values parsed. */
export type Plain<T> = { [K in keyof T]: Exclude<T[K], JsonText> };

/** A row with its JsonText values parsed: plain objects (the preview, Parquet). */
export function plainRow<T extends object>(row: T): Plain<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value instanceof JsonText ? value.toJSON() : value;
  return out as Plain<T>;
}
