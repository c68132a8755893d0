// Postgres text cannot hold U+0000 (a JSON "\u0000", a NUL byte in a CSV cell or a Parquet
// string): an INSERT of one fails with an error that names no line. A row is looked through
// before it is parsed, so the problem is reported with its line and field like any other.
import type { LineProblem } from "./records";

/** The problem to report for a value holding U+0000 at `line`, or undefined if it holds none. */
export function nulProblem(value: unknown, line: number): LineProblem | undefined {
  const field = nulFieldOf(value);
  if (field === undefined) return undefined;
  return { line, ...(field && { field }), message: "holds a NUL character (U+0000), which the database cannot store in text; remove it" };
}

/** The path of the first string (or key) holding U+0000: "" for the row itself, undefined if none. */
function nulFieldOf(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulFieldOf(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes("\u0000")) return at;
      const found = nulFieldOf(item, at);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
