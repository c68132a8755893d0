import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** A form's setter for one of its values, typed by the key. */
export type SetValue<Values> = <K extends keyof Values>(key: K, value: Values[K]) => void;

// Labelled controls for the run form: the label above, a hint and the field's error below, the
// error tied to the control with aria-describedby so a screen reader reads it with the field.
// Also the pieces every form of the studio ends with: the "Run" fieldset of the run-starting
// forms, the messages no field owns, and the submit button that says when it is busy.

export const INPUT = "mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-stone-900 aria-invalid:border-red-700 disabled:bg-stone-100";

export function describedBy(id: string, hint?: unknown, error?: string): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A control's id and its ties to its error (and hint, for fields that have one), in form `formId`. */
export function controlProps(formId: string, name: string, error: string | undefined, hasHint = false) {
  return { id: `${formId}-${name}`, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(`${formId}-${name}`, hasHint, error) };
}

export function Field({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="font-medium text-stone-900">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-sm text-stone-600">
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-800">
      {error}
    </p>
  );
}

export function Checkbox({
  id,
  label,
  checked,
  onChange,
  disabled,
  hint,
  error,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  hint?: ReactNode;
  error?: string;
}) {
  return (
    <div>
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
          aria-describedby={describedBy(id, hint, error)}
          aria-invalid={error ? true : undefined}
          className="mt-1 size-4 accent-blue-800"
        />
        <label htmlFor={id} className={disabled ? "text-stone-500" : "text-stone-900"}>
          {label}
        </label>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 ml-6 text-sm text-stone-600">
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function Fieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-stone-200 bg-white px-4 pt-2 pb-4">
      <legend className="px-1 text-base font-semibold text-stone-900">{legend}</legend>
      <div className="space-y-4">{children}</div>
    </fieldset>
  );
}

/** The "Run" fieldset every run-starting form has: an optional name and how many `unit` a worker sends at once. */
export function RunFieldset({
  formId,
  unit,
  values,
  errors,
  set,
  children,
}: {
  formId: string;
  unit: string;
  values: { name: string; concurrency: string };
  errors: { name?: string; concurrency?: string };
  set: (key: "name" | "concurrency", value: string) => void;
  children?: ReactNode;
}) {
  return (
    <Fieldset legend="Run">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`${formId}-name`} label="Name (optional)" error={errors.name}>
          <input {...controlProps(formId, "name", errors.name)} value={values.name} onChange={(e) => set("name", e.target.value)} className={INPUT} />
        </Field>
        <Field id={`${formId}-concurrency`} label={`${unit} at once, per worker`} error={errors.concurrency}>
          <input
            {...controlProps(formId, "concurrency", errors.concurrency)}
            inputMode="numeric"
            value={values.concurrency}
            onChange={(e) => set("concurrency", e.target.value)}
            className={INPUT}
          />
        </Field>
      </div>
      {children}
    </Fieldset>
  );
}

/** The messages that belong to no field, above the submit button; nothing when there are none. */
export function FormErrors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

/** The form's submit button: disabled, and saying what it is doing, while `busy`. */
export function SubmitButton({ busy, busyLabel, children }: { busy: boolean; busyLabel: string; children: ReactNode }) {
  return (
    <Button type="submit" disabled={busy}>
      {busy ? busyLabel : children}
    </Button>
  );
}
