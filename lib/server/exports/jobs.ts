import "server-only";
import type PgBoss from "pg-boss";
import { inTransaction, pgPool } from "../pg";
import { EXPORT_RUN_QUEUE, exportRunJobSchema, requeueStrandedExportRuns } from "./queue";
import { runExport } from "./run";

// The run worker's export side: besides its run items, a worker writes export runs, a few at a time
// (one by default: an export is a long stream from Postgres to disk, not a model call). Jobs are
// taken and ended in one transaction; runExport then claims the run, heartbeats it and writes it.
// The sweep gives a job back to runs a dead worker left (queue.ts).

export interface ExportJobsOptions {
  workerId: string;
  /** export runs written at once by this worker */
  slots: number;
  /** how often to ask the queue for an export job, at most */
  pollMs: number;
  staleSeconds: number;
  log: (message: string) => void;
}

export class ExportJobs {
  private readonly writing = new Set<Promise<void>>();
  private lastPoll = 0;

  constructor(
    private readonly boss: () => PgBoss,
    private readonly options: ExportJobsOptions,
  ) {}

  /** Takes export jobs while a slot is free and starts writing their runs; true when one started. */
  async poll(): Promise<boolean> {
    const free = this.options.slots - this.writing.size;
    if (free <= 0 || Date.now() - this.lastPoll < this.options.pollMs) return false;
    this.lastPoll = Date.now();
    let ids: number[];
    try {
      ids = await this.take(free);
    } catch (error) {
      this.options.log(`export fetch failed: ${(error as Error).message}`);
      return false;
    }
    for (const id of ids) {
      const writing = this.write(id).finally(() => this.writing.delete(writing));
      this.writing.add(writing);
    }
    return ids.length > 0;
  }

  /** Waits for the exports being written (the worker is stopping). */
  async stop(): Promise<void> {
    await Promise.allSettled(this.writing);
  }

  async sweep(): Promise<void> {
    const ids = await requeueStrandedExportRuns(this.options.staleSeconds);
    if (ids.length > 0) this.options.log(`queued export run(s) ${ids.join(", ")} again: their worker stopped before finishing them`);
  }

  private take(batchSize: number): Promise<number[]> {
    return inTransaction(async (tx) => {
      const db = { executeSql: (text: string, values: unknown[]) => tx.query(text, values) };
      const jobs = await this.boss().fetch(EXPORT_RUN_QUEUE, { batchSize, db });
      if (jobs.length === 0) return [];
      await this.boss().complete(EXPORT_RUN_QUEUE, jobs.map((job) => job.id), { db });
      return jobs.flatMap((job) => {
        const data = exportRunJobSchema.safeParse(job.data);
        return data.success ? [data.data.exportRunId] : [];
      });
    });
  }

  private async write(exportRunId: number): Promise<void> {
    try {
      await runExport(pgPool(), exportRunId, { worker: this.options.workerId });
    } catch (error) {
      // runExport records a failure on the run itself; what reaches here is the database gone away
      this.options.log(`export run ${exportRunId}: ${(error as Error).stack ?? error}`);
    }
  }
}
