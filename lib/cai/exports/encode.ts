import type { Column } from "./columns";
import { jsonText } from "./json-text";

// Rows as text: one JSON object per line (JSONL, in json-text.ts's style), or RFC 4180 CSV with a
// header row, every field that holds a comma, quote, CR or LF quoted and its quotes doubled, nested
// values (messages, principle lists) as JSON text in the same style, null as an empty field. Lines end with "\n" in JSONL and "\r\n"
// in CSV (RFC 4180).
//
// CSV files are opened in spreadsheets, which run a cell that starts with =, +, -, @ (or a tab or
// CR before one) as a formula: a model's answer "=HYPERLINK(...)" would become a live link or
// worse. So, as OWASP's CSV injection guidance says, a text cell starting with one of those
// characters gets a leading single quote, which spreadsheets show as text and hide. Only text
// cells (numbers such as -0.5 stay numbers) and only in CSV: JSONL and Parquet keep every value
// exactly, and are the formats for an exact round trip.

export function jsonLine(row: object): string {
  return `${jsonText(row)}\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? (FORMULA_START.test(value) ? `'${value}` : value) : typeof value === "number" || typeof value === "boolean" ? String(value) : jsonText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(columns: Column[]): string {
  return `${columns.map((c) => csvField(c.name)).join(",")}\r\n`;
}

export function csvLine(columns: Column[], row: object): string {
  const record = row as Record<string, unknown>;
  return `${columns.map((c) => csvField(record[c.name])).join(",")}\r\n`;
}
