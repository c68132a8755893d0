import "server-only";
import type pg from "pg";
import PgBoss from "pg-boss";
import { z } from "zod";
import { inTransaction, pgPool } from "../pg";

// The job queues (pg-boss, in the same Postgres) and their contracts: each queue's name, the
// payload its jobs carry, and its options. Postgres tables own the state of every run and export;
// a job only says which row to work on. The worker (worker.ts) runs one handler per queue.

/** "work on this run item" (lib/server/runs): inserted in the transaction that makes the item, so
 *  an item can never exist without its job (nor a job without its item). */
export const RUN_ITEM_QUEUE = "run-item";
export const runItemJobSchema = z.object({ runId: z.number().int(), itemId: z.number().int() });
export type RunItemJob = z.infer<typeof runItemJobSchema>;

/** "write this ExportRun" (lib/server/exports): the ExportRun row owns the state (QUEUED, RUNNING
 *  with a heartbeat, SUCCEEDED, FAILED). */
export const EXPORT_RUN_QUEUE = "export-run";
export const exportRunJobSchema = z.object({ exportRunId: z.number().int() });
export type ExportRunJob = z.infer<typeof exportRunJobSchema>;

/** "send this WebhookDelivery" (lib/server/webhooks): the delivery row owns the state (PENDING
 *  until its next attempt, SENDING while a worker holds it, DELIVERED, FAILED, CANCELLED) and the
 *  retry schedule; each attempt has a job of its own, queued to start at the attempt's time. */
export const WEBHOOK_DELIVERY_QUEUE = "webhook-delivery";
export const webhookDeliveryJobSchema = z.object({ deliveryId: z.number().int() });
export type WebhookDeliveryJob = z.infer<typeof webhookDeliveryJobSchema>;

/** "push this HubPush" (lib/server/exports/hub-pushes.ts): a finished export run's files to a
 *  Hugging Face Hub dataset repo; the HubPush row owns the state, claimed like an export run. */
export const HUB_PUSH_QUEUE = "hub-push";
export const hubPushJobSchema = z.object({ hubPushId: z.number().int() });
export type HubPushJob = z.infer<typeof hubPushJobSchema>;

export const RUN_ITEM_QUEUE_OPTIONS = {
  // our own claim and heartbeat recover a crashed worker's items within a minute; pg-boss's expiry
  // is only the backstop for a job that a dead worker had fetched
  expireInSeconds: 3600,
  retryLimit: 3,
  retentionMinutes: 60 * 24,
} as const;

// the export run's own heartbeat recovers a dead worker's export; pg-boss's expiry and retries never come into it
export const EXPORT_RUN_QUEUE_OPTIONS = { expireInSeconds: 3600, retryLimit: 0, retentionMinutes: 60 * 24 } as const;

// the delivery's claim and the sweep recover a dead worker's delivery, and its retries are jobs of
// their own (startAfter): pg-boss retries never come into it
export const WEBHOOK_DELIVERY_QUEUE_OPTIONS = { expireInSeconds: 3600, retryLimit: 0, retentionMinutes: 60 * 24 } as const;

// likewise: the push's own heartbeat and the sweep recover a dead worker's push
export const HUB_PUSH_QUEUE_OPTIONS = EXPORT_RUN_QUEUE_OPTIONS;

/** A pg-boss that runs its SQL on the caller's connection: inside the caller's transaction. */
export function bossOn(client: pg.ClientBase): PgBoss {
  return new PgBoss({ db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } });
}

/**
 * pg-boss on the process's one pool (pg.ts), each statement on a pooled connection, as its own pool
 * would run it: so a process holds no connections beyond the pool's. pg-boss 10 needs nothing
 * more than executeSql (no LISTEN, no connection of its own); its schema's creation and migration
 * are one BEGIN ... COMMIT string, and a pool's query() closes a connection whose statement failed,
 * so one left mid-transaction (a lost creation race) never goes back to the pool.
 */
export function bossOnPool(options: Omit<PgBoss.ConstructorOptions, "db" | "connectionString">): PgBoss {
  return new PgBoss({ ...options, db: { executeSql: (text: string, values: unknown[]) => pgPool().query(text, values) } });
}

const queuesReady = new Map<string, Promise<void>>();

/**
 * Makes pg-boss's schema and a queue exist (once per process and queue; safe when several start at
 * once). The run-item queue by default.
 */
export function ensureQueue(name: string = RUN_ITEM_QUEUE, options: Omit<PgBoss.Queue, "name"> = RUN_ITEM_QUEUE_OPTIONS): Promise<void> {
  let ready = queuesReady.get(name);
  if (ready) return ready;
  ready = (async () => {
    if (await queueExists(name)) return;
    // processes starting together on a new database take turns: pg-boss's creation of two queues'
    // tables at once (partitions of one table) deadlocks
    const lock = await pgPool().connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtext('cai-studio:queues'))`);
      if (!(await queueExists(name))) await createQueue(name, options);
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('cai-studio:queues'))`).catch(() => {});
      lock.release();
    }
  })();
  queuesReady.set(name, ready);
  ready.catch(() => queuesReady.delete(name));
  return ready;
}

/** Starts pg-boss (making or migrating its schema) and makes the queue. */
async function createQueue(name: string, options: Omit<PgBoss.Queue, "name">): Promise<void> {
  const boss = bossOnPool({ supervise: false, schedule: false, migrate: true });
  boss.on("error", (error) => console.error("pg-boss:", error));
  await boss.start();
  try {
    if (!(await boss.getQueue(name))) {
      await boss.createQueue(name, { name, ...options }).catch(async (error: unknown) => {
        if (!(await boss.getQueue(name))) throw error; // lost a race with another process: fine
      });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** The usual case, answered without starting pg-boss (whose start takes a lock and seconds). */
async function queueExists(name: string): Promise<boolean> {
  const { rows } = await pgPool()
    .query<{ found: boolean }>(`SELECT to_regclass('pgboss.queue') IS NOT NULL AND EXISTS (SELECT 1 FROM pgboss.queue WHERE name = $1) AS found`, [name])
    .catch(() => ({ rows: [{ found: false }] }));
  return rows[0].found;
}

/**
 * pg-boss fetches a queue's next jobs in (priority, creation) order, but indexes its waiting jobs
 * by start time only, so every fetch sorted all of a queue's waiting jobs: 116 ms a fetch with
 * 50,000 waiting, and a run queues one job per prompt (182,831 at paper scale). An index in the
 * fetch's own order lets it read just the jobs it takes (0.14 ms). Made once per database, on the
 * partitioned job table, so every queue's partition has it, later ones too.
 */
export async function ensureFetchOrderIndex(): Promise<void> {
  const { rows } = await pgPool().query<{ found: boolean }>(`SELECT to_regclass('pgboss.${FETCH_ORDER_INDEX}') IS NOT NULL AS found`);
  if (rows[0].found) return;
  // workers starting together on a new database take turns: two index builds at once deadlock
  await inTransaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('cai-studio:${FETCH_ORDER_INDEX}'))`);
    await tx.query(`CREATE INDEX IF NOT EXISTS ${FETCH_ORDER_INDEX} ON pgboss.job (name, priority DESC, created_on, id) WHERE state < 'active'`);
  });
}

const FETCH_ORDER_INDEX = "cai_job_fetch_order";
