import type { z } from "zod";
import { ApiError } from "./fetch-json";

// Turning either side's complaints into messages beside the fields they are about: the schema's
// issues in the browser, and the fields of the server's error answer ({error, fields}, carried by
// an ApiError). What has no field of the form goes in the message above the button.

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

/**
 * A failed request's complaints: each field the server named goes beside that field, a field the
 * form does not show goes above the button as "path: message", and an answer naming no field (or a
 * request that never got one) is the message above the button.
 */
export function serverErrorsByField<P extends string>(error: Error, paths: readonly P[]): { fields: FieldErrors<P>; other: string[] } {
  const issues = error instanceof ApiError ? error.fields : [];
  if (issues.length === 0) return { fields: {}, other: [error.message] };
  const fields: FieldErrors<P> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = fieldFor(issue.path, paths);
    if (field) fields[field] ??= issue.message;
    else other.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  return { fields, other };
}

/** For forms with one message slot, `form`, above the button: the server's complaints as field errors plus that slot. */
export function serverErrorsWithForm<P extends string>(error: Error, paths: readonly P[]): FieldErrors<P> & { form?: string } {
  const { fields, other } = serverErrorsByField(error, paths);
  return other.length > 0 ? { ...fields, form: other.join("; ") } : fields;
}

/** The message without the field it names, for a place that shows one line and no fields. */
export function messageWithoutField(error: Error): string {
  return error instanceof ApiError && error.fields.length === 1 && error.fields[0]!.path ? error.fields[0]!.message : error.message;
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
