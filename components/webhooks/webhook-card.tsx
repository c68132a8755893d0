"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { messageWithoutField } from "@/components/ui/form-errors";
import { StatusBadge } from "@/components/ui/status-badge";
import { deleteWebhook, rotateSecret, sendTestEvent, updateWebhook, type WebhookItem } from "./api";
import { DeliveryLog } from "./delivery-log";

/** One webhook: where it posts, what it hears, its switches and its delivery log. */
export function WebhookCard({ webhook, onChanged, onSecret }: { webhook: WebhookItem; onChanged: () => void; onSecret: (secret: string) => void }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [pending, setPending] = useState(false);
  const [showLog, setShowLog] = useState(false);

  async function act(work: () => Promise<string | void>) {
    setPending(true);
    setMessage(null);
    try {
      const done = await work();
      if (done) setMessage({ text: done, error: false });
      onChanged();
    } catch (error) {
      setMessage({ text: messageWithoutField(error as Error), error: true });
    }
    setPending(false);
  }

  const { deliveries } = webhook;
  return (
    <article aria-label={`Webhook ${webhook.url}`} className="space-y-3 rounded-lg border border-stone-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-mono text-sm font-semibold break-all text-stone-900">{webhook.url}</h3>
        <StatusBadge tone={webhook.enabled ? "success" : "stopped"}>{webhook.enabled ? "enabled" : "disabled"}</StatusBadge>
      </div>
      {webhook.description && <p className="text-stone-700">{webhook.description}</p>}
      <p className="text-sm text-stone-700">
        Hears <span className="font-mono">{webhook.events.join(", ")}</span>. Registered {formatDateTime(webhook.createdAt)}. {deliveries.delivered} delivered, {deliveries.pending} waiting,{" "}
        {deliveries.failed} failed.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" disabled={pending} onClick={() => void act(async () => void (await updateWebhook(webhook.id, { enabled: !webhook.enabled })))}>
          {webhook.enabled ? "Disable" : "Enable"}
        </Button>
        <Button
          variant="secondary"
          disabled={pending || !webhook.enabled}
          onClick={() =>
            void act(async () => {
              await sendTestEvent(webhook.id);
              setShowLog(true);
              return "Test event queued: it shows in the delivery log.";
            })
          }
        >
          Send test event
        </Button>
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() => {
            if (!window.confirm("Make a new signing secret? The receiver must be given it: deliveries from now on are signed with the new one.")) return;
            void act(async () => onSecret((await rotateSecret(webhook.id)).secret));
          }}
        >
          Rotate secret
        </Button>
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() => {
            if (!window.confirm(`Delete the webhook to ${webhook.url} and its delivery log?`)) return;
            void act(() => deleteWebhook(webhook.id));
          }}
        >
          Delete
        </Button>
        <Button variant="secondary" aria-expanded={showLog} onClick={() => setShowLog((shown) => !shown)}>
          {showLog ? "Hide deliveries" : "Deliveries"}
        </Button>
      </div>
      {message && (
        <p role={message.error ? "alert" : "status"} className={`text-sm font-medium ${message.error ? "text-red-800" : "text-green-800"}`}>
          {message.text}
        </p>
      )}
      {showLog && <DeliveryLog webhookId={webhook.id} />}
    </article>
  );
}
