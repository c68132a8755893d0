import "server-only";
import type pg from "pg";
import type { ClaimTable } from "../jobs/claims";
import { bossOn, ensureQueue, EXPORT_RUN_QUEUE, EXPORT_RUN_QUEUE_OPTIONS, type ExportRunJob } from "../jobs/queue";

// Queueing export runs on the "export-run" queue (its contract: lib/server/jobs/queue.ts). A worker
// takes a job and ends it in one transaction, then claims the run itself (runExport), so the queue
// never holds a job that a dead worker had fetched. A run left behind (its worker died between
// taking the job and claiming the run, or stopped heartbeating while it wrote) gets a new job from
// any worker's sweep (jobs.ts), and runExport starts it over. Both the web server (which queues)
// and the workers read this file; it imports nothing of the writing side.

/** claims of one run, its first included, before a stale one is given up rather than taken over */
const MAX_ATTEMPTS = 3;

/**
 * Export runs in the claim protocol (lib/server/jobs/claims.ts), here for the web server's cancel
 * and the workers alike. Unlike a run item, an exhausted run is given up by the job that finds it,
 * just before its claim (run.ts, giveUpIfExhausted), rather than by a sweep (which only queues a
 * job for it, jobs.ts); and an ended run keeps claimedBy: who wrote it.
 */
export const EXPORT_RUNS: ClaimTable<"ExportRun"> = {
  table: "ExportRun",
  what: "export run",
  waiting: "QUEUED",
  claimed: "RUNNING",
  cancelled: "CANCELLED",
  maxAttempts: MAX_ATTEMPTS,
  staleWithoutHeartbeat: true,
};

export function ensureExportQueue(): Promise<void> {
  return ensureQueue(EXPORT_RUN_QUEUE, EXPORT_RUN_QUEUE_OPTIONS);
}

/** Queues a job per export run, inside the caller's transaction (the one that made or reset the runs). */
export async function enqueueExportRuns(client: pg.ClientBase, exportRunIds: number[]): Promise<void> {
  if (exportRunIds.length === 0) return;
  await bossOn(client).insert(exportRunIds.map((exportRunId) => ({ name: EXPORT_RUN_QUEUE, data: { exportRunId } satisfies ExportRunJob })));
}
