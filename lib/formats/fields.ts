import { FieldError } from "./problems";

// Readers for one field of a parsed JSON value. Each names the field path in its error, so a bad
// line reports `cst[2].revision.sample: expected a string, got number` and not just "invalid".

export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return typeof value === "string" ? "a string" : typeof value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, field?: string): Record<string, unknown> {
  if (!isObject(value)) throw new FieldError(field, `expected an object, got ${typeName(value)}`);
  return value;
}

export function arrayAt(value: unknown, field: string): unknown[] {
  if (value === undefined) throw new FieldError(field, "is missing");
  if (!Array.isArray(value)) throw new FieldError(field, `expected an array, got ${typeName(value)}`);
  return value;
}

export function nonEmptyArrayAt(value: unknown, field: string): unknown[] {
  const array = arrayAt(value, field);
  if (array.length === 0) throw new FieldError(field, "is an empty array");
  return array;
}

export function stringAt(value: unknown, field: string): string {
  if (value === undefined) throw new FieldError(field, "is missing");
  if (typeof value !== "string") throw new FieldError(field, `expected a string, got ${typeName(value)}`);
  return value;
}

export function nonBlankStringAt(value: unknown, field: string): string {
  const text = stringAt(value, field);
  if (text.trim() === "") throw new FieldError(field, "is empty");
  return text;
}

export function numberAt(value: unknown, field: string): number {
  if (value === undefined) throw new FieldError(field, "is missing");
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new FieldError(field, `expected a number, got ${typeName(value)}`);
  }
  return value;
}

/** Tags given as an array of strings or as one "a, b; c" string. */
export function tagsAt(value: unknown, field: string): string[] {
  if (value === undefined || value === null || value === "") return [];
  if (typeof value === "string")
    return value
      .split(/[,;|]/)
      .map((t) => t.trim())
      .filter(Boolean);
  return arrayAt(value, field).map((t, i) => nonBlankStringAt(t, `${field}[${i}]`).trim());
}
