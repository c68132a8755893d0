"use client";

import { useState, type FormEvent } from "react";
import { Field, INPUT_CLASS } from "@/components/endpoints/field";
import { Button } from "@/components/ui/button";
import { postJson } from "@/components/ui/fetch-json";
import { PASSWORD_MIN, setupSchema } from "@/lib/schemas/users";
import { FormError } from "./form-error";
import { clearChangedField } from "@/components/ui/form-errors";

type Errors = Partial<Record<"email" | "name" | "password" | "confirm", string>> & { form?: string };

/** The first admin's account: checked with the server's own schema, then made and signed in. */
export function SetupForm() {
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget));
    const parsed = setupSchema.safeParse(form);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message])));
      return;
    }
    setPending(true);
    setErrors({});
    try {
      await postJson("/api/setup", form, {
        unreachable: "The studio did not answer. Is it still running?",
        failed: () => "Setting up failed on the server. The details are in the server log.",
      });
      // a full load on purpose: the session cookie the setup just set must reach the server-rendered pages
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/datasets");
      return;
    } catch (error) {
      setErrors({ form: (error as Error).message });
    }
    setPending(false);
  }

  return (
    <form onChange={clearChangedField(setErrors)} onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Email" error={errors.email}>
        {(props) => <input {...props} name="email" type="email" autoComplete="username" className={INPUT_CLASS} />}
      </Field>
      <Field label="Name" error={errors.name}>
        {(props) => <input {...props} name="name" autoComplete="name" className={INPUT_CLASS} />}
      </Field>
      <Field label="Password" hint={`At least ${PASSWORD_MIN} characters.`} error={errors.password}>
        {(props) => <input {...props} name="password" type="password" autoComplete="new-password" className={INPUT_CLASS} />}
      </Field>
      <Field label="Password again" error={errors.confirm}>
        {(props) => <input {...props} name="confirm" type="password" autoComplete="new-password" className={INPUT_CLASS} />}
      </Field>
      <FormError message={errors.form ?? null} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating..." : "Create the admin account"}
      </Button>
    </form>
  );
}
