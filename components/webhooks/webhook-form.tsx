"use client";

import { useState, type FormEvent } from "react";
import { Field, INPUT_CLASS } from "@/components/endpoints/field";
import { Checkbox, FormErrors, SubmitButton } from "@/components/ui/form-fields";
import { clearChangedField, issuesByField, serverErrorsByField } from "@/components/ui/form-errors";
import { Button } from "@/components/ui/button";
import { createWebhookSchema, WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEventType } from "@/lib/schemas/webhooks";
import { createWebhook } from "./api";

const FIELDS = ["url", "events", "description"] as const;
type Errors = Partial<Record<(typeof FIELDS)[number], string>>;

/** Registers a URL for the events ticked, checked with the server's own schema; hands back the secret to show once. */
export function WebhookForm({ onCreated, onCancel }: { onCreated: (secret: string) => void; onCancel: () => void }) {
  const [events, setEvents] = useState<WebhookEventType[]>(["run.succeeded", "run.failed"]);
  const [errors, setErrors] = useState<Errors>({});
  const [other, setOther] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = createWebhookSchema.safeParse({ url: form.get("url"), description: form.get("description"), events });
    if (!parsed.success) {
      const found = issuesByField(parsed.error.issues, FIELDS);
      setErrors(found.fields);
      setOther(found.other);
      return;
    }
    setBusy(true);
    setErrors({});
    setOther([]);
    try {
      const created = await createWebhook(parsed.data);
      onCreated(created.secret);
    } catch (error) {
      const found = serverErrorsByField(error as Error, FIELDS);
      setErrors(found.fields);
      setOther(found.other);
    }
    setBusy(false);
  }

  const toggle = (type: WebhookEventType, on: boolean) => {
    setErrors((current) => ({ ...current, events: undefined }));
    setEvents((current) => (on ? [...current, type] : current.filter((t) => t !== type)));
  };

  return (
    <form onChange={clearChangedField(setErrors)} onSubmit={submit} noValidate aria-label="New webhook" className="max-w-3xl space-y-4 rounded-lg border border-stone-200 bg-white p-4">
      <Field label="URL" error={errors.url} hint="The receiver's address: the studio POSTs each event there as JSON, signed.">
        {(props) => <input {...props} name="url" type="url" inputMode="url" placeholder="https://ci.example.org/hooks/cai" autoComplete="off" className={INPUT_CLASS} />}
      </Field>
      <Field label="Description (optional)" error={errors.description}>
        {(props) => <input {...props} name="description" autoComplete="off" className={INPUT_CLASS} />}
      </Field>
      <fieldset className="space-y-2" aria-describedby={errors.events ? "webhook-events-error" : undefined}>
        <legend className="font-medium text-stone-900">Events</legend>
        {WEBHOOK_EVENTS.map((type) => (
          <Checkbox key={type} id={`webhook-event-${type}`} label={`${WEBHOOK_EVENT_LABELS[type]} (${type})`} checked={events.includes(type)} onChange={(on) => toggle(type, on)} />
        ))}
        {errors.events && (
          <p id="webhook-events-error" className="text-sm font-medium text-red-800">
            {errors.events}
          </p>
        )}
      </fieldset>
      <FormErrors messages={other} />
      <div className="flex gap-2">
        <SubmitButton busy={busy} busyLabel="Registering...">
          Register webhook
        </SubmitButton>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
