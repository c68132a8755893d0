import type { Column } from "./columns";
import { jsonText } from "./json-text";

// Rows as text: one JSON object per line (JSONL, in json-text.ts's style), or RFC 4180 CSV with a
// header row, every field that holds a comma, quote, CR or LF quoted and its quotes doubled, nested
// values (messages, principle lists) as JSON text in the same style, null as an empty field. Lines end with "\n" in JSONL and "\r\n"
// in CSV (RFC 4180).

export function jsonLine(row: object): string {
  return `${jsonText(row)}\n`;
}

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : jsonText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(columns: Column[]): string {
  return `${columns.map((c) => csvField(c.name)).join(",")}\r\n`;
}

export function csvLine(columns: Column[], row: object): string {
  const record = row as Record<string, unknown>;
  return `${columns.map((c) => csvField(record[c.name])).join(",")}\r\n`;
}
