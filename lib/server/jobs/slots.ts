import "server-only";
import type { z } from "zod";
import { inTransaction } from "../pg";
import { bossOn } from "./queue";

// What the handlers of row-owned jobs share (export runs, Hub pushes, webhook deliveries): a job
// only names a row, so a handler takes a batch of jobs and ends them at once, then works each row
// in one of a few slots; the row's own claim and heartbeat (claims.ts) keep the work safe, and the
// handler's sweep queues a job again for a row a dead worker left.

/**
 * Up to `batchSize` jobs of `queue`, fetched and completed on one transaction's connection, as the
 * row ids their payloads name under `key` (a payload that does not parse is dropped). Both on the
 * transaction's connection: pg-boss's complete(name, ids, data, options) takes options fourth,
 * though its types offer them third, and { db } passed third once ran the completion on pg-boss's
 * own pool, which the embedded database makes wait for this very transaction: a deadlock that
 * froze every page (test/exports/job.test.ts).
 */
export function takeJobs<K extends string>(queue: string, schema: z.ZodType<Record<K, number>>, key: K, batchSize: number): Promise<number[]> {
  return inTransaction(async (tx) => {
    const boss = bossOn(tx);
    const jobs = await boss.fetch(queue, { batchSize });
    if (jobs.length === 0) return [];
    await boss.complete(
      queue,
      jobs.map((job) => job.id),
    );
    return jobs.flatMap((job) => {
      const data = schema.safeParse(job.data);
      return data.success ? [data.data[key]] : [];
    });
  });
}

/** The rows a handler is working on, at most `size` at once, each by its id. */
export class Slots {
  private readonly working = new Map<number, Promise<void>>();

  constructor(readonly size: number) {}

  get free(): number {
    return this.size - this.working.size;
  }

  ids(): number[] {
    return [...this.working.keys()];
  }

  /**
   * Starts `work` for each id not already in a slot (a second job for a row this worker already
   * works, which the sweep can queue, just ends); true when one started.
   */
  start(ids: number[], work: (id: number) => Promise<void>): boolean {
    const fresh = [...new Set(ids)].filter((id) => !this.working.has(id));
    for (const id of fresh)
      this.working.set(
        id,
        work(id).finally(() => this.working.delete(id)),
      );
    return fresh.length > 0;
  }

  /** Waits for every slot's work to end, however it ends. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.working.values());
  }
}
