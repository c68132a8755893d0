import "server-only";
import { sql, type SqlBool } from "kysely";
import { dbOn } from "../db";
import { isStale, release } from "../jobs/claims";
import { EXPORT_RUN_QUEUE, exportRunJobSchema } from "../jobs/queue";
import { Slots, takeJobs } from "../jobs/slots";
import type { HandlerBasics, JobHandler } from "../jobs/handler";
import { inTransaction, pgPool } from "../pg";
import { enqueueExportRuns, ensureExportQueue, EXPORT_RUNS } from "./queue";
import { runExport, STALE_SECONDS } from "./run";

// The worker's handler of export jobs (lib/server/jobs/worker.ts runs it): besides its run items, a
// worker writes export runs, a few at a time (one by default: an export is a long stream from
// Postgres to disk, not a model call). Jobs are taken and ended in one transaction; runExport then
// claims the run, heartbeats it and writes it.
// The sweep gives a job back to runs a dead worker left.

export interface ExportJobsOptions extends HandlerBasics {
  /** export runs written at once by this worker */
  slots: number;
}

export class ExportJobs implements JobHandler {
  /** the export runs this worker is writing */
  private readonly writing: Slots;
  private lastPoll = 0;

  constructor(private readonly options: ExportJobsOptions) {
    this.writing = new Slots(options.slots);
  }

  ensureQueues(): Promise<void> {
    return ensureExportQueue();
  }

  describe(): string {
    return `${this.options.slots} export slot${this.options.slots === 1 ? "" : "s"}`;
  }

  /** Exports take and end their jobs on their own transaction (take), not on the worker's pg-boss. */
  start(): void {}

  /** runExport heartbeats its run itself, at each batch it writes. */
  async beat(): Promise<void> {}

  /** Nothing to cancel: stop() gives the runs back, and each writer stops at its next heartbeat. */
  halt(): void {}

  /** Takes export jobs while a slot is free and starts writing their runs; true when one started. */
  async poll(): Promise<boolean> {
    const free = this.writing.free;
    if (free <= 0 || Date.now() - this.lastPoll < this.options.pollMs) return false;
    this.lastPoll = Date.now();
    let ids: number[];
    try {
      ids = await takeJobs(EXPORT_RUN_QUEUE, exportRunJobSchema, "exportRunId", free);
    } catch (error) {
      this.options.log(`export fetch failed: ${(error as Error).message}`);
      return false;
    }
    return this.writing.start(ids, (id) => this.write(id));
  }

  /**
   * The worker is stopping: gives its exports back at once (QUEUED, with a new job, for any worker
   * to start over), and waits until runExport notices at its next heartbeat that the run is no
   * longer its own and stops writing.
   */
  async stop(): Promise<void> {
    const ids = this.writing.ids();
    if (ids.length > 0) {
      await inTransaction(async (tx) => {
        // given back, not died on: the claim does not count against the run's attempts
        const rows = await release(dbOn(tx), EXPORT_RUNS, ids, this.options.workerId, { counted: false }).returning("id").execute();
        await enqueueExportRuns(
          tx,
          rows.map((r) => r.id),
        );
      }).catch((error: Error) => this.options.log(`giving export runs back failed: ${error.message}`));
    }
    await this.writing.settled();
  }

  /** A worker that writes no exports leaves their upkeep to those that do. */
  async sweep(): Promise<void> {
    if (this.options.slots <= 0) return;
    const ids = await requeueStrandedExportRuns(this.options.staleSeconds);
    if (ids.length > 0) this.options.log(`queued export run(s) ${ids.join(", ")} again: their worker stopped before finishing them`);
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

/**
 * Gives a new job to every export run nobody is working on and no job is waiting for: queued for
 * longer than `staleSeconds` (its job was taken by a worker that died before claiming the run), or
 * running with a heartbeat older than runExport takes over (STALE_SECONDS, or `staleSeconds` if
 * longer: its worker died mid-export). Returns the runs queued.
 */
export async function requeueStrandedExportRuns(staleSeconds: number): Promise<number[]> {
  return inTransaction(async (tx) => {
    const rows = await dbOn(tx)
      .selectFrom("ExportRun")
      .select("ExportRun.id")
      .where((eb) =>
        eb.or([
          eb.and([eb("ExportRun.status", "=", "QUEUED"), sql<SqlBool>`"ExportRun"."createdAt" < now() - make_interval(secs => ${staleSeconds})`]),
          eb.and([eb("ExportRun.status", "=", "RUNNING"), isStale(EXPORT_RUNS, Math.max(staleSeconds, STALE_SECONDS))]),
        ]),
      )
      .where(({ not, exists }) =>
        not(
          exists(sql`(SELECT 1 FROM pgboss.job j
          WHERE j.name = ${EXPORT_RUN_QUEUE} AND j.state IN ('created', 'retry') AND j.data->>'exportRunId' = "ExportRun".id::text)`),
        ),
      )
      .orderBy("ExportRun.id")
      .forUpdate("ExportRun")
      .skipLocked()
      .execute();
    const ids = rows.map((r) => r.id);
    await enqueueExportRuns(tx, ids);
    return ids;
  });
}
