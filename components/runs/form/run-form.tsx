"use client";

import { useId, type FormEvent, type ReactNode } from "react";
import { serverErrorsByField, type FieldErrors } from "@/components/ui/form-errors";
import { controlProps, FormErrors, RunFieldset, SubmitButton } from "@/components/ui/form-fields";
import { useFormErrors, type Problems } from "@/components/ui/use-form-errors";
import type { RunStartPath } from "@/lib/schemas/responses";
import { useStartRun } from "./use-start-run";

// The skeleton every run form shares (SL-CAI, sampling, labeling, scoring): the request is checked
// in the browser first (`check`, with the schema the server parses) and each complaint goes beside
// its field; a checked request is posted to the kind's API, whose refusals land beside the same
// fields (`paths`), and a started run opens its page. RunForm draws the frame: the kind's own
// fieldsets, then the run's name and concurrency, the messages no field owns, and the button.

/** What `check` found: the request to send, or the problems to show beside the fields (paths P) and above the button. */
export type Checked<R, P extends string> = { request: R } | { problems: Problems<FieldErrors<P>> };

export function useRunForm<P extends string, R>({ url, paths, check }: { url: RunStartPath; paths: readonly P[]; check: () => Checked<R, P> }) {
  const id = useId();
  const { errors, otherErrors, setErrors, show, clear } = useFormErrors<FieldErrors<P>>();
  const start = useStartRun(url, (error) => serverErrorsByField(error, paths), show);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = check();
    if ("problems" in checked) {
      show(checked.problems);
      return;
    }
    clear();
    start.mutate(checked.request);
  };
  /** The id and error wiring of the control for a request path. */
  const control = (name: P, hasHint = false) => controlProps(id, name, errors[name], hasHint);
  return { id, errors, otherErrors, setErrors, submit, control, busy: start.isPending || start.isSuccess };
}

export function RunForm({
  form,
  label,
  submitLabel,
  unit,
  values,
  set,
  runFields,
  notice,
  children,
}: {
  form: { id: string; submit: (event: FormEvent) => void; otherErrors: string[]; busy: boolean; errors: { name?: string; concurrency?: string } };
  /** The form's accessible name ("New labeling run"). */
  label: string;
  submitLabel: string;
  /** What the workers take at once: "Prompts", "Pairs". */
  unit: string;
  values: { name: string; concurrency: string };
  set: (key: "name" | "concurrency", value: string) => void;
  /** More fields in the Run fieldset, under the name and concurrency. */
  runFields?: ReactNode;
  /** A line between the messages and the button. */
  notice?: ReactNode;
  /** The kind's own fieldsets. */
  children: ReactNode;
}) {
  return (
    <form onSubmit={form.submit} aria-label={label} noValidate className="max-w-3xl space-y-6">
      {children}
      <RunFieldset formId={form.id} unit={unit} values={values} errors={form.errors} set={set}>
        {runFields}
      </RunFieldset>
      <FormErrors messages={form.otherErrors} />
      {notice}
      <SubmitButton busy={form.busy} busyLabel="Starting…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
