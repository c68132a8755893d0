"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "./form-error";
import { safeNextPath } from "./safe-next";

/**
 * "Sign in with <provider>": asks Better Auth for the identity provider's address (it keeps the
 * state and PKCE verifier for the way back) and sends the browser there. The provider returns it to
 * /api/auth/callback/<id>, which lands on `next` signed in, or back here with ?error=<code>.
 * A fetch and then a navigation, not a form post: the studio's CSP has form-action 'self', which
 * Chromium applies to a form's redirects too, so a form's redirect to the provider would be blocked.
 */
export function SsoButton({ providerId, name, next, primary }: { providerId: string; name: string; next: string | null; primary: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function start() {
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/social", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          provider: providerId,
          callbackURL: safeNextPath(next),
          errorCallbackURL: next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in",
          disableRedirect: true,
        }),
      });
      const body = (await response.json().catch(() => null)) as { url?: unknown } | null;
      if (response.ok && typeof body?.url === "string") {
        window.location.assign(body.url);
        return;
      }
      setError(
        response.status === 429
          ? "Too many sign-in attempts from here. Wait a minute and try again."
          : "The studio could not reach the identity provider. Try again; if it keeps failing, ask an admin to look in the studio's log.",
      );
    } catch {
      setError("The studio did not answer. Is it still running?");
    }
    setPending(false);
  }

  return (
    <div className="space-y-3">
      <FormError message={error} />
      <Button variant={primary ? "primary" : "secondary"} onClick={start} disabled={pending} className="w-full">
        {pending ? `Going to ${name}...` : `Sign in with ${name}`}
      </Button>
    </div>
  );
}
