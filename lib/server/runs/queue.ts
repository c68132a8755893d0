import "server-only";
import type pg from "pg";
import PgBoss from "pg-boss";
import { z } from "zod";
import { databaseUrl } from "../config";
import { pgPool } from "../pg";

// The job queue (pg-boss, in the same Postgres). Postgres tables own every run's state; a job
// only says "work on this run item". Jobs are inserted in the same transaction as the items they
// name, so an item can never exist without its job (nor a job without its item).

export const RUN_ITEM_QUEUE = "run-item";
export const runItemJobSchema = z.object({ runId: z.number().int(), itemId: z.number().int() });
export type RunItemJob = z.infer<typeof runItemJobSchema>;

const QUEUE_OPTIONS = {
  // our own claim and heartbeat recover a crashed worker's items within a minute; pg-boss's expiry
  // is only the backstop for a job that a dead worker had fetched
  expireInSeconds: 3600,
  retryLimit: 3,
  retentionMinutes: 60 * 24,
} as const;

/** A pg-boss that runs its SQL on the caller's connection: inside the caller's transaction. */
export function bossOn(client: pg.ClientBase): PgBoss {
  return new PgBoss({ db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } });
}

const queuesReady = new Map<string, Promise<void>>();

/**
 * Makes pg-boss's schema and a queue exist (once per process and queue; safe when several start at
 * once). The run-item queue by default; exports have their own (lib/server/exports/queue.ts).
 */
export function ensureQueue(name: string = RUN_ITEM_QUEUE, options: Omit<PgBoss.Queue, "name"> = QUEUE_OPTIONS): Promise<void> {
  let ready = queuesReady.get(name);
  if (ready) return ready;
  ready = (async () => {
    if (await queueExists(name)) return;
    const boss = new PgBoss({ connectionString: databaseUrl(), max: 1, supervise: false, schedule: false, migrate: true });
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
  })();
  queuesReady.set(name, ready);
  ready.catch(() => queuesReady.delete(name));
  return ready;
}

/** The usual case, answered without starting pg-boss (whose start takes a lock and seconds). */
async function queueExists(name: string): Promise<boolean> {
  const { rows } = await pgPool().query<{ found: boolean }>(
    `SELECT to_regclass('pgboss.queue') IS NOT NULL AND EXISTS (SELECT 1 FROM pgboss.queue WHERE name = $1) AS found`,
    [name],
  ).catch(() => ({ rows: [{ found: false }] }));
  return rows[0].found;
}

/** Queues one job per item, inside the caller's transaction (on the run-item queue unless told). */
export async function enqueueItems(client: pg.ClientBase, jobs: RunItemJob[], queue: string = RUN_ITEM_QUEUE): Promise<void> {
  const boss = bossOn(client);
  for (let i = 0; i < jobs.length; i += 1000) {
    await boss.insert(jobs.slice(i, i + 1000).map((data) => ({ name: queue, data })));
  }
}

// Items left by a worker that lacks the environment variable holding their endpoint's key (or
// CAI_SECRET_KEY, for a stored key) wait on a queue of their own per variable, which only workers
// with that variable set fetch: they never go back to a worker that cannot call the endpoint.
const KEY_QUEUE_PREFIX = `${RUN_ITEM_QUEUE}-key-`;

export function keyQueue(variable: string): string {
  return `${KEY_QUEUE_PREFIX}${variable}`;
}

export function ensureKeyQueue(variable: string): Promise<void> {
  return ensureQueue(keyQueue(variable));
}

/** The variables some item's key queue was made for (made once, kept). */
export async function keyQueueVariables(): Promise<string[]> {
  const { rows } = await pgPool().query<{ name: string }>(`SELECT name FROM pgboss.queue WHERE starts_with(name, $1)`, [KEY_QUEUE_PREFIX]);
  return rows.map((r) => r.name.slice(KEY_QUEUE_PREFIX.length));
}
