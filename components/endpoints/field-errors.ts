import type { z } from "zod";
import { FIELD_OF_PATH, type EndpointFormState } from "./form-state";

export type FormErrors = Partial<Record<keyof EndpointFormState | "form", string>>;

/** The schema's issues, each under its form field (the first message per field). */
export function errorsFromIssues(error: z.ZodError): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".");
    const field = fieldOf(path) ?? fieldOf(issue.path.slice(0, 2).join(".")) ?? "form";
    errors[field] ??= field === "form" && path ? `${path}: ${issue.message}` : issue.message;
  }
  return errors;
}

/** A server message such as "name: an endpoint named x already exists" under its field; else the form's. */
export function errorsFromMessage(message: string): FormErrors {
  const match = /^([\w.]+): ([\s\S]*)$/.exec(message);
  const field = match ? fieldOf(match[1]) : undefined;
  return field ? { [field]: match![2] } : { form: message };
}

function fieldOf(path: string): keyof EndpointFormState | undefined {
  return Object.hasOwn(FIELD_OF_PATH, path) ? FIELD_OF_PATH[path] : undefined;
}
