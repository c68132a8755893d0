import type { z } from "zod";
import { ApiError } from "@/components/ui/fetch-json";
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

/** A refusal that names a field ("name": an endpoint named x already exists) under that field; else the form's. */
export function errorsFromRefusal(error: Error): FormErrors {
  const named = error instanceof ApiError ? error.fields.find((issue) => fieldOf(issue.path)) : undefined;
  return named ? { [fieldOf(named.path)!]: named.message } : { form: error.message };
}

function fieldOf(path: string): keyof EndpointFormState | undefined {
  return Object.hasOwn(FIELD_OF_PATH, path) ? FIELD_OF_PATH[path] : undefined;
}
