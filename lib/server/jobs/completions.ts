import "server-only";
import type PgBoss from "pg-boss";

// Ending pg-boss jobs in batches: one statement for the jobs of a queue that ended within a few
// milliseconds of each other, not one per job. A job only names a row, and the row owns the state
// (queue.ts): a job a dying worker did not get to complete is fetched again after pg-boss's expiry,
// finds its row ended and just completes then.

const BATCH = 64;
const WAIT_MS = 20;

export class JobCompletions {
  private readonly pending = new Map<string, string[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly boss: () => PgBoss,
    private readonly log: (message: string) => void,
  ) {}

  /** The job is done with; it is completed with the next batch. */
  add(queue: string, jobId: string): void {
    const ids = this.pending.get(queue) ?? [];
    ids.push(jobId);
    this.pending.set(queue, ids);
    if (ids.length >= BATCH) this.send(queue);
    else this.timer ??= setTimeout(() => this.flushSoon(), WAIT_MS);
  }

  /** Completes every job added so far and waits for it (the worker is stopping). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const queue of [...this.pending.keys()]) this.send(queue);
    await Promise.allSettled(this.inFlight);
  }

  private flushSoon(): void {
    this.timer = undefined;
    for (const queue of [...this.pending.keys()]) this.send(queue);
  }

  private send(queue: string): void {
    const ids = this.pending.get(queue);
    this.pending.delete(queue);
    if (!ids?.length) return;
    const sent = this.boss()
      .complete(queue, ids)
      .then(() => {})
      .catch((error: Error) => this.log(`completing ${ids.length} job(s) failed: ${error.message}`))
      .finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
  }
}
