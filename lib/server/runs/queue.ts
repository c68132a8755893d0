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

let queueReady: Promise<void> | undefined;

/** Makes pg-boss's schema and our queue exist (once per process; safe when several start at once). */
export function ensureQueue(): Promise<void> {
  queueReady ??= (async () => {
    if (await queueExists()) return;
    const boss = new PgBoss({ connectionString: databaseUrl(), max: 1, supervise: false, schedule: false, migrate: true });
    boss.on("error", (error) => console.error("pg-boss:", error));
    await boss.start();
    try {
      if (!(await boss.getQueue(RUN_ITEM_QUEUE))) {
        await boss.createQueue(RUN_ITEM_QUEUE, { name: RUN_ITEM_QUEUE, ...QUEUE_OPTIONS }).catch(async (error: unknown) => {
          if (!(await boss.getQueue(RUN_ITEM_QUEUE))) throw error; // lost a race with another process: fine
        });
      }
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  })();
  queueReady.catch(() => (queueReady = undefined));
  return queueReady;
}

/** The usual case, answered without starting pg-boss (whose start takes a lock and seconds). */
async function queueExists(): Promise<boolean> {
  const { rows } = await pgPool().query<{ found: boolean }>(
    `SELECT to_regclass('pgboss.queue') IS NOT NULL AND EXISTS (SELECT 1 FROM pgboss.queue WHERE name = $1) AS found`,
    [RUN_ITEM_QUEUE],
  ).catch(() => ({ rows: [{ found: false }] }));
  return rows[0].found;
}

/** Queues one job per item, inside the caller's transaction. */
export async function enqueueItems(client: pg.ClientBase, jobs: RunItemJob[]): Promise<void> {
  const boss = bossOn(client);
  for (let i = 0; i < jobs.length; i += 1000) {
    await boss.insert(jobs.slice(i, i + 1000).map((data) => ({ name: RUN_ITEM_QUEUE, data })));
  }
}
