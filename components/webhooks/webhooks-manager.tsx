"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { fetchWebhooks, type WebhookItem } from "./api";
import { SecretNotice } from "./secret-notice";
import { WebhookCard } from "./webhook-card";
import { WebhookForm } from "./webhook-form";

/** The webhooks page: the list, the form to register one, and a new secret while it is shown. */
export function WebhooksManager({ initialWebhooks }: { initialWebhooks: WebhookItem[] }) {
  const queryClient = useQueryClient();
  const { data: webhooks = initialWebhooks, error } = useQuery({ queryKey: ["webhooks"], queryFn: fetchWebhooks, initialData: initialWebhooks });
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["webhooks"] });

  return (
    <section aria-labelledby="webhooks-title" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="webhooks-title" className="text-lg font-semibold text-stone-900">
          Webhooks
        </h2>
        {!adding && <Button onClick={() => setAdding(true)}>Register a webhook</Button>}
      </div>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-900">
          The webhooks could not be loaded: {error.message}
        </p>
      )}
      {secret && <SecretNotice secret={secret} onDone={() => setSecret(null)} />}
      {adding && (
        <WebhookForm
          onCreated={(made) => {
            setAdding(false);
            setSecret(made);
            refresh();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {webhooks.length === 0 && !adding ? (
        <EmptyState title="No webhooks yet">
          <p>
            A webhook tells another system when something here happens: a run succeeded or failed, an export or import finished, a review queue has all its answers. The studio POSTs a JSON
            event to the URL you register, signed the Standard Webhooks way, and retries a receiver that does not answer 2xx, with growing waits, for about four and a half hours.
          </p>
          <p>Register a URL, tick the events it should hear, and give the receiver the secret shown once. Send a test event to see it arrive in the delivery log.</p>
        </EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Webhooks">
          {webhooks.map((webhook) => (
            <li key={webhook.id}>
              <WebhookCard webhook={webhook} onChanged={refresh} onSecret={setSecret} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
