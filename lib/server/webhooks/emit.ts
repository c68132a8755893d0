import "server-only";
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type pg from "pg";
import { WEBHOOK_TEST_EVENT, type WebhookEventType } from "@/lib/schemas/webhooks";
import { dbOn } from "../db";
import { env } from "../env";
import { enqueueDeliveries } from "./queue";

// Saying that something happened: one WebhookDelivery (and its job) per enabled webhook that hears
// the event's type, written on the caller's transaction, so an event exists exactly when the change
// it tells of committed (a rollback takes both back). The event's data is built only when some
// webhook listens: most studios have none, and the hook points are on hot paths (a run's end, a
// review answer). The body is Standard Webhooks' {type, timestamp, data}.

export interface WebhookEvent {
  type: WebhookEventType | typeof WEBHOOK_TEST_EVENT;
  /** what it is about, "run:12": with `once`, a webhook hears of a subject's event at most once */
  subject: string;
  /** ids, names, counts, and `path`, the studio page about it (made absolute as `url` when CAI_PUBLIC_URL is set) */
  data: { path: string } & Record<string, unknown>;
}

export interface EmitOptions {
  /** not to a webhook that already has a delivery of this type about this subject (a review queue completes once) */
  once?: boolean;
  /** only to this webhook, subscribed or not (a test event) */
  webhookId?: number;
}

/**
 * Emits the events `build` makes, on the caller's transaction, to the enabled webhooks that hear
 * them; `build` runs only when one of `types` has a listener. Returns the deliveries made.
 */
export async function emit(client: pg.ClientBase, types: readonly WebhookEvent["type"][], build: () => Promise<WebhookEvent[]>, options: EmitOptions = {}): Promise<number[]> {
  const k = dbOn(client);
  let listening = k.selectFrom("Webhook").select(["id", "events"]).where("enabled", "=", true);
  listening = options.webhookId === undefined ? listening.where(sql<boolean>`events && ${[...types]}::text[]`) : listening.where("id", "=", options.webhookId);
  const hooks = await listening.execute();
  if (hooks.length === 0) return [];
  const events = await build();
  const timestamp = new Date().toISOString();
  let rows = events.flatMap((event) =>
    hooks
      .filter((hook) => options.webhookId !== undefined || hook.events.includes(event.type))
      .map((hook) => ({
        webhookId: hook.id,
        eventType: event.type,
        subject: event.subject,
        messageId: `msg_${randomBytes(18).toString("base64url")}`,
        payload: JSON.stringify({ type: event.type, timestamp, data: withUrl(event.data) }),
      })),
  );
  if (options.once && rows.length > 0) {
    const told = await k
      .selectFrom("WebhookDelivery")
      .select(["webhookId", "eventType", "subject"])
      .where("subject", "in", [...new Set(rows.map((row) => row.subject))])
      .where("webhookId", "in", [...new Set(rows.map((row) => row.webhookId))])
      .execute();
    const key = (row: { webhookId: number; eventType: string; subject: string }) => `${row.webhookId} ${row.eventType} ${row.subject}`;
    const seen = new Set(told.map(key));
    rows = rows.filter((row) => !seen.has(key(row)));
  }
  if (rows.length === 0) return [];
  const made = await k
    .insertInto("WebhookDelivery")
    .values(rows.map((row) => ({ ...row, payload: sql<never>`${row.payload}::jsonb` })))
    .returning("id")
    .execute();
  const ids = made.map((row) => row.id);
  await enqueueDeliveries(client, ids);
  return ids;
}

function withUrl(data: WebhookEvent["data"]): WebhookEvent["data"] {
  const origin = env.CAI_PUBLIC_URL;
  return origin ? { ...data, url: `${origin}${data.path}` } : data;
}
