import type { z } from "zod";

// Turning either side's complaints into messages beside the fields they are about: the schema's
// issues in the browser, and the server's "path: message; path: message" answers (parseInput and
// the run services write them that way). What has no field goes in the message above the button.

export type FieldErrors<P extends string> = Partial<Record<P, string>>;

/** The schema's issues, one message per field (the first); `blank` gives plainer words for empty pickers. */
export function issuesByField<P extends string>(
  issues: z.core.$ZodIssue[],
  paths: readonly P[],
  blank: (field: P) => string | undefined = () => undefined,
): { fields: FieldErrors<P>; other: string[] } {
  const fields: FieldErrors<P> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    const field = fieldFor(path, paths);
    if (!field) {
      other.push(path ? `${path}: ${issue.message}` : issue.message);
      continue;
    }
    fields[field] ??= blank(field) ?? issue.message;
  }
  return { fields, other };
}

export function serverErrorsByField<P extends string>(message: string, paths: readonly P[]): { fields: FieldErrors<P>; other: string[] } {
  const fields: FieldErrors<P> = {};
  const other: string[] = [];
  for (const part of message.split("; ")) {
    const match = /^([\w.]+): (.+)$/s.exec(part);
    const field = match ? fieldFor(match[1], paths) : undefined;
    if (field && match) fields[field] ??= match[2];
    else other.push(part);
  }
  return { fields, other };
}

/**
 * The messages above the button when the server refused a request: those no field owns, or, when
 * every message went beside its field, a line pointing there (`what` is "run", "export", ...).
 */
export function refusedMessages(refused: { fields: object; other: string[] }, what: string): string[] {
  return refused.other.length > 0 || Object.keys(refused.fields).length === 0 ? refused.other : [`The server refused the ${what}; see the fields marked below.`];
}

/** The longest known path that is the issue's path or a prefix of it ("method.k" before "method"). */
function fieldFor<P extends string>(path: string, paths: readonly P[]): P | undefined {
  return paths.filter((known) => path === known || path.startsWith(`${known}.`)).sort((a, b) => b.length - a.length)[0];
}

/** Blank means "not set"; anything else must read as a number (NaN is left for the schema to refuse). */
export function numberOrUndefined(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text.trim());
}

export function textOrUndefined(value: string): string | undefined {
  return value.trim() === "" ? undefined : value.trim();
}

/**
 * A form-level onChange for forms whose controls carry a `name` (or an id ending in "-<field>"):
 * the changed field's message goes at once, the others stay until the next submit checks again.
 */
export function clearChangedField<E extends Partial<Record<string, string>>>(setErrors: (update: (current: E) => E) => void) {
  return (event: { target: EventTarget }) => {
    const target = event.target as HTMLInputElement;
    const field = target.name || target.id?.split("-").at(-1) || "";
    if (field) setErrors((current) => (current[field] === undefined ? current : { ...current, [field]: undefined }));
  };
}
