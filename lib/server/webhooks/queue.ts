import "server-only";
import type pg from "pg";
import type { ClaimTable } from "../jobs/claims";
import { bossOn, ensureQueue, WEBHOOK_DELIVERY_QUEUE, WEBHOOK_DELIVERY_QUEUE_OPTIONS, type WebhookDeliveryJob } from "../jobs/queue";

// Queueing webhook deliveries on the "webhook-delivery" queue (its contract: lib/server/jobs/queue.ts).
// A job only says "look at this delivery now"; the WebhookDelivery row owns the state, so a job
// that finds its delivery already sent, cancelled or not yet due does nothing, and a delivery
// whose job was lost (its worker died between taking it and claiming the row) gets a new one from
// any worker's sweep (jobs.ts). Both the web server (which queues) and the workers read this file.

/** Attempts of one delivery, its first included: a failed attempt is retried with backoff until this many (deliver.ts). */
export const MAX_ATTEMPTS = 6;

/** Deliveries in the claim protocol (lib/server/jobs/claims.ts): a worker holds one while it POSTs it. */
export const DELIVERIES: ClaimTable<"WebhookDelivery"> = {
  table: "WebhookDelivery",
  what: "webhook delivery",
  waiting: "PENDING",
  claimed: "SENDING",
  cancelled: "CANCELLED",
  maxAttempts: MAX_ATTEMPTS,
  staleWithoutHeartbeat: true,
};

/** Made when a webhook is registered, and by every worker: a job for a queue that does not exist is dropped by pg-boss. */
export function ensureWebhookQueue(): Promise<void> {
  return ensureQueue(WEBHOOK_DELIVERY_QUEUE, WEBHOOK_DELIVERY_QUEUE_OPTIONS);
}

/** A job per delivery, inside the caller's transaction; `afterMs`: not taken before then (a retry's backoff). */
export async function enqueueDeliveries(client: pg.ClientBase, deliveryIds: number[], afterMs = 0): Promise<void> {
  if (deliveryIds.length === 0) return;
  const startAfter = afterMs > 0 ? `${afterMs} milliseconds` : undefined;
  await bossOn(client).insert(deliveryIds.map((deliveryId) => ({ name: WEBHOOK_DELIVERY_QUEUE, data: { deliveryId } satisfies WebhookDeliveryJob, startAfter })));
}
