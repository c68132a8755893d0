import "server-only";
import { sql } from "kysely";
import { dbOn } from "../db";
import { claim, finish, kyselyOn, mustHold, release } from "../jobs/claims";
import { LostClaimError } from "../jobs/lost-claim";
import { inTransaction, pgPool } from "../pg";
import { postSigned, type PostOutcome } from "./post";
import { DELIVERIES, enqueueDeliveries, MAX_ATTEMPTS } from "./queue";
import { openWebhookSecret } from "./secret";
import { signedHeaders } from "./signature";

// One attempt at one delivery, by a worker (jobs.ts) that took its job:
//
//   claim    PENDING and due -> SENDING, one more attempt, for this worker, while its webhook is
//            enabled (or a SENDING one whose worker stopped heartbeating); nothing matches for a
//            delivery already sent, cancelled, not yet due or held by another worker: a job that
//            finds it so just ends, and a 2xx is never followed by another attempt
//   post     signed for this attempt (same webhook-id, this attempt's timestamp), with a timeout
//   record   fenced, in one transaction with the attempt's log row: DELIVERED on a 2xx; else
//            PENDING again with the next attempt's time and a job that starts then (retryDelayMs);
//            FAILED once MAX_ATTEMPTS attempts failed
//
// A worker that dies after the receiver's 2xx but before recording it leaves the delivery SENDING;
// the sweep takes it back and it is sent again with the same webhook-id, which Standard Webhooks
// receivers use to drop a repeat. That is the one way a message arrives twice.

export interface DeliveryPace {
  /** how long a receiver has to answer */
  timeoutMs: number;
  /** the wait after the first failed attempt; each later one is `factor` times the one before */
  firstRetryMs: number;
  factor: number;
}

/** 10 s, 1 min, 6 min, 36 min, 3.6 h: six attempts over about four and a half hours. */
export const DEFAULT_PACE: DeliveryPace = { timeoutMs: 10_000, firstRetryMs: 10_000, factor: 6 };

/** The wait before the attempt after failed attempt `attempt` (1 for the first). */
export function retryDelayMs(attempt: number, pace: Pick<DeliveryPace, "firstRetryMs" | "factor">): number {
  return pace.firstRetryMs * pace.factor ** (attempt - 1);
}

export interface DeliverOptions {
  workerId: string;
  staleSeconds: number;
  pace: DeliveryPace;
  /** the worker stopping: the attempt is given back, not counted */
  signal?: AbortSignal;
}

interface ClaimedDelivery {
  id: number;
  webhookId: number;
  messageId: string;
  body: string;
  attempts: number;
  url: string;
  secretCiphertext: Uint8Array;
}

export async function deliver(deliveryId: number, options: DeliverOptions): Promise<void> {
  const delivery = await claimDelivery(deliveryId, options);
  if (!delivery) return;
  let secret: string;
  try {
    secret = openWebhookSecret(delivery.secretCiphertext, delivery.webhookId);
  } catch (error) {
    // no attempt can succeed until the secret is rotated: failed now, saying so
    await record(delivery, { delivered: false, status: null, error: (error as Error).message, responseBody: null, durationMs: 0 }, options, { giveUp: true });
    return;
  }
  const outcome = await postSigned(delivery.url, { ...signedHeaders(secret, delivery.messageId, delivery.body) }, delivery.body, {
    timeoutMs: options.pace.timeoutMs,
    signal: options.signal,
  });
  if (options.signal?.aborted) return giveBack(delivery, options.workerId);
  await record(delivery, outcome, options);
}

async function claimDelivery(deliveryId: number, options: DeliverOptions): Promise<ClaimedDelivery | undefined> {
  return claim(kyselyOn(pgPool()), DELIVERIES, deliveryId, options.workerId, options.staleSeconds)
    .from("Webhook")
    .whereRef("Webhook.id", "=", "WebhookDelivery.webhookId")
    .where("Webhook.enabled", "=", true)
    .where(sql<boolean>`"WebhookDelivery"."nextAttemptAt" <= now()`)
    .returning([
      "WebhookDelivery.id",
      "WebhookDelivery.webhookId",
      "WebhookDelivery.messageId",
      // the body as sent on every attempt: jsonb's own text of the payload, the same bytes each time
      sql<string>`"WebhookDelivery".payload::text`.as("body"),
      "WebhookDelivery.attempts",
      "Webhook.url",
      "Webhook.secretCiphertext",
    ])
    .executeTakeFirst();
}

/** The attempt's end and its log row, fenced: a delivery cancelled or deleted meanwhile records nothing. */
async function record(delivery: ClaimedDelivery, outcome: PostOutcome, options: DeliverOptions, { giveUp = false } = {}): Promise<void> {
  const error = outcome.error?.slice(0, 500) ?? null;
  const last = { lastStatus: outcome.status, lastError: error };
  await inTransaction(async (client) => {
    const k = dbOn(client);
    if (outcome.delivered) {
      mustHold(DELIVERIES, delivery.id, await finish(k, DELIVERIES, delivery.id, options.workerId, "DELIVERED").set(last).returning("id").execute());
    } else if (giveUp || delivery.attempts >= MAX_ATTEMPTS) {
      mustHold(DELIVERIES, delivery.id, await finish(k, DELIVERIES, delivery.id, options.workerId, "FAILED").set(last).returning("id").execute());
    } else {
      const waitMs = retryDelayMs(delivery.attempts, options.pace);
      const retried = await release(k, DELIVERIES, delivery.id, options.workerId, { counted: true })
        .set({ ...last, nextAttemptAt: sql`now() + make_interval(secs => ${waitMs / 1000})` })
        .returning("id")
        .execute();
      mustHold(DELIVERIES, delivery.id, retried);
      await enqueueDeliveries(client, [delivery.id], waitMs);
    }
    await k
      .insertInto("WebhookAttempt")
      .values({
        deliveryId: delivery.id,
        attempt: delivery.attempts,
        status: outcome.status,
        error,
        responseBody: outcome.responseBody,
        durationMs: outcome.durationMs,
        startedAt: sql`now() - make_interval(secs => ${outcome.durationMs / 1000})`,
      })
      .execute();
  }).catch((error: unknown) => {
    // lost the claim (cancelled, deleted, taken over): the attempt is not this worker's to record
    if (!(error instanceof LostClaimError)) throw error;
  });
}

/** The worker stopped mid-attempt: PENDING again at once, no attempt counted, with a job for another worker. */
async function giveBack(delivery: ClaimedDelivery, workerId: string): Promise<void> {
  await inTransaction(async (client) => {
    const rows = await release(dbOn(client), DELIVERIES, delivery.id, workerId, { counted: false }).returning("id").execute();
    await enqueueDeliveries(
      client,
      rows.map((row) => row.id),
    );
  });
}
