import "server-only";
import type pg from "pg";
import { bossOn, ensureQueue, RUN_ITEM_QUEUE, type RunItemJob } from "../jobs/queue";
import { pgPool } from "../pg";

// Queueing run items (the run-item queue's contract is in lib/server/jobs/queue.ts), and the key
// queues of items that wait for a worker with their endpoint's key.

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
