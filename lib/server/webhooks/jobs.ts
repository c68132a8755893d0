import "server-only";
import { sql, type SqlBool } from "kysely";
import { dbOn } from "../db";
import { exhausted, heartbeat, kyselyOn, takeBack } from "../jobs/claims";
import type { HandlerBasics, JobHandler } from "../jobs/handler";
import { WEBHOOK_DELIVERY_QUEUE, webhookDeliveryJobSchema } from "../jobs/queue";
import { Slots, takeJobs } from "../jobs/slots";
import { inTransaction, pgPool } from "../pg";
import { DEFAULT_PACE, deliver, type DeliveryPace } from "./deliver";
import { DELIVERIES, enqueueDeliveries, ensureWebhookQueue } from "./queue";
import { canOpenWebhookSecrets } from "./secret";

// The worker's handler of webhook deliveries (lib/server/jobs/worker.ts runs it): a few attempts at
// once, each a POST that waits at most the pace's timeout, so a slow receiver holds one slot, never
// the worker. Jobs are taken and ended in one transaction (as export jobs are); deliver() then
// claims the delivery, posts it and records the attempt, the claim heartbeated meanwhile. The sweep takes back what a dead worker held and queues a job again for a due
// delivery whose job was lost. A worker without the session secret cannot sign: it takes no
// deliveries and leaves them to one that can.

export interface WebhookJobsOptions extends HandlerBasics {
  /** attempts made at once by this worker */
  slots: number;
  /** the timeout and retry backoff (tests make them short) */
  pace?: Partial<DeliveryPace>;
}

export class WebhookJobs implements JobHandler {
  /** the deliveries this worker is sending */
  private readonly sending: Slots;
  private readonly stopping = new AbortController();
  private readonly pace: DeliveryPace;
  private readonly canSign: boolean;
  private lastPoll = 0;

  constructor(private readonly options: WebhookJobsOptions) {
    this.pace = { ...DEFAULT_PACE, ...options.pace };
    this.sending = new Slots(options.slots);
    this.canSign = options.slots > 0 && canOpenWebhookSecrets();
  }

  ensureQueues(): Promise<void> {
    return ensureWebhookQueue();
  }

  describe(): string {
    if (!this.canSign) return this.options.slots > 0 ? "no webhook deliveries (BETTER_AUTH_SECRET is not set here)" : "no webhook deliveries";
    return `${this.options.slots} webhook slot${this.options.slots === 1 ? "" : "s"}`;
  }

  start(): void {}

  /** The held deliveries' heartbeats, so an attempt near its timeout is not taken for a dead one. */
  async beat(): Promise<void> {
    const ids = this.sending.ids();
    if (ids.length > 0) await heartbeat(kyselyOn(pgPool()), DELIVERIES, ids, this.options.workerId);
  }

  /** Takes jobs while a slot is free and starts their attempts; true when one started. */
  async poll(): Promise<boolean> {
    const free = this.sending.free;
    if (!this.canSign || free <= 0 || this.stopping.signal.aborted || Date.now() - this.lastPoll < this.options.pollMs) return false;
    this.lastPoll = Date.now();
    let ids: number[];
    try {
      ids = await takeJobs(WEBHOOK_DELIVERY_QUEUE, webhookDeliveryJobSchema, "deliveryId", free);
    } catch (error) {
      this.options.log(`webhook delivery fetch failed: ${(error as Error).message}`);
      return false;
    }
    return this.sending.start(ids, (id) => this.send(id));
  }

  /** A worker that cannot sign leaves the upkeep to those that can. */
  async sweep(): Promise<void> {
    if (!this.canSign) return;
    const ids = await requeueStrandedDeliveries(this.options.staleSeconds);
    if (ids.length > 0) this.options.log(`queued webhook deliveries ${ids.join(", ")} again: their worker stopped before finishing them`);
  }

  /** Attempts in flight stop waiting for their receivers and give their deliveries back. */
  halt(): void {
    this.stopping.abort();
  }

  async stop(): Promise<void> {
    await this.sending.settled();
  }

  private async send(deliveryId: number): Promise<void> {
    try {
      await deliver(deliveryId, { workerId: this.options.workerId, staleSeconds: this.options.staleSeconds, pace: this.pace, signal: this.stopping.signal });
    } catch (error) {
      // deliver records a receiver's failure on the delivery; what reaches here is the database gone away
      this.options.log(`webhook delivery ${deliveryId}: ${(error as Error).message}`);
    }
  }
}

/**
 * Deliveries nobody will send unless queued again: held by a worker that stopped heartbeating
 * (PENDING again, the attempt counted; FAILED once their attempts are used up), and PENDING ones due
 * for longer than `staleSeconds` with no job waiting. Returns the deliveries queued.
 */
export async function requeueStrandedDeliveries(staleSeconds: number): Promise<number[]> {
  return inTransaction(async (tx) => {
    const k = dbOn(tx);
    await exhausted(k, DELIVERIES, staleSeconds).set({ status: "FAILED", lastError: "gave up: each worker that took it stopped before the receiver's answer was recorded" }).execute();
    const takenBack = await takeBack(k, DELIVERIES, staleSeconds).returning("id").execute();
    const lost = await k
      .selectFrom("WebhookDelivery as d")
      .innerJoin("Webhook as w", "w.id", "d.webhookId")
      .select("d.id")
      .where("d.status", "=", "PENDING")
      .where("w.enabled", "=", true)
      .where(sql<SqlBool>`d."nextAttemptAt" < now() - make_interval(secs => ${staleSeconds})`)
      .where(({ not, exists }) =>
        not(exists(sql`(SELECT 1 FROM pgboss.job j WHERE j.name = ${WEBHOOK_DELIVERY_QUEUE} AND j.state IN ('created', 'retry') AND j.data->>'deliveryId' = d.id::text)`)),
      )
      .where("d.id", "not in", takenBack.length > 0 ? takenBack.map((row) => row.id) : [0])
      .orderBy("d.id")
      .limit(1000)
      .forUpdate("d")
      .skipLocked()
      .execute();
    const ids = [...takenBack.map((row) => row.id), ...lost.map((row) => row.id)];
    await enqueueDeliveries(tx, ids);
    return ids;
  });
}
