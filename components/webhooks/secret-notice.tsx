"use client";

import { Button } from "@/components/ui/button";

/** A new signing secret, shown this once: the studio keeps it encrypted and never shows it again. */
export function SecretNotice({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div role="status" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-stone-900">
      <p className="font-medium">The signing secret, shown only now. Give it to the receiver, which checks each request&apos;s webhook-signature with it:</p>
      <code className="block rounded bg-white px-3 py-2 font-mono text-sm break-all select-all" aria-label="Signing secret">
        {secret}
      </code>
      <p className="text-sm text-stone-700">
        Requests carry the Standard Webhooks headers webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256 of &quot;id.timestamp.body&quot;). Lost it? Rotate the secret.
      </p>
      <Button variant="secondary" onClick={onDone}>
        I have stored it
      </Button>
    </div>
  );
}
