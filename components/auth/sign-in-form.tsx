"use client";

import { useState, type FormEvent } from "react";
import { Field, INPUT_CLASS } from "@/components/endpoints/field";
import { Button } from "@/components/ui/button";
import { FormError } from "./form-error";
import { safeNextPath } from "./safe-next";
import { signInMessage } from "./sign-in-message";

/** Email and password, posted to Better Auth; on success a full load of where the person was going. */
export function SignInForm({ next }: { next: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") }),
      });
      if (response.ok) {
        // a full load, not a client navigation: the layout (sidebar, who is signed in) renders anew
        window.location.assign(safeNextPath(next));
        return;
      }
      setError(signInMessage(response.status, response.headers.get("x-retry-after")));
    } catch {
      setError("The studio did not answer. Is it still running?");
    }
    setPending(false);
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Email">{(props) => <input {...props} name="email" type="email" autoComplete="username" required className={INPUT_CLASS} />}</Field>
      <Field label="Password">{(props) => <input {...props} name="password" type="password" autoComplete="current-password" required className={INPUT_CLASS} />}</Field>
      <FormError message={error} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in..." : "Sign in"}
      </Button>
    </form>
  );
}
