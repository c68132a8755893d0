"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/auth/form-error";
import { Field, INPUT_CLASS } from "@/components/endpoints/field";
import { Button } from "@/components/ui/button";
import { ROLES, roleName } from "@/lib/auth/roles";
import { newUserSchema, PASSWORD_MIN } from "@/lib/schemas/users";
import { createUser } from "./api";
import { clearChangedField, serverErrorsWithForm } from "@/components/ui/form-errors";

type Errors = Partial<Record<"email" | "name" | "role" | "password" | "form", string>>;

/** An account with an initial password the admin passes on; checked with the server's own schema. */
export function NewUserForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const parsed = newUserSchema.safeParse(Object.fromEntries(new FormData(element)));
    setCreated(null);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message])));
      return;
    }
    setPending(true);
    setErrors({});
    try {
      await createUser(parsed.data);
      element.reset();
      setCreated(parsed.data.email);
      router.refresh();
    } catch (error) {
      setErrors(serverErrorsWithForm(error as Error, ["email", "name", "role", "password"]));
    }
    setPending(false);
  }

  return (
    <form onChange={clearChangedField(setErrors)} onSubmit={submit} noValidate aria-label="New user" className="grid max-w-3xl gap-4 md:grid-cols-2">
      <Field label="Email" error={errors.email}>
        {(props) => <input {...props} name="email" type="email" autoComplete="off" className={INPUT_CLASS} />}
      </Field>
      <Field label="Name" error={errors.name}>
        {(props) => <input {...props} name="name" autoComplete="off" className={INPUT_CLASS} />}
      </Field>
      <Field label="Role" error={errors.role} hint="Viewers read; reviewers also label, run, import and export; admins also edit settings, constitutions and people.">
        {(props) => (
          <select {...props} name="role" defaultValue="VIEWER" className={INPUT_CLASS}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {roleName(role)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Initial password" hint={`At least ${PASSWORD_MIN} characters. Pass it on to them yourself.`} error={errors.password}>
        {(props) => <input {...props} name="password" type="password" autoComplete="new-password" className={INPUT_CLASS} />}
      </Field>
      <div className="space-y-2 md:col-span-2">
        <FormError message={errors.form ?? null} />
        {created && (
          <p role="status" className="text-sm font-medium text-green-800">
            Made an account for {created}.
          </p>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Creating..." : "Create user"}
        </Button>
      </div>
    </form>
  );
}
