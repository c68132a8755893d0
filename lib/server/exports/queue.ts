import "server-only";
import type pg from "pg";
import { bossOn, ensureQueue, EXPORT_RUN_QUEUE, EXPORT_RUN_QUEUE_OPTIONS, type ExportRunJob } from "../jobs/queue";

// Queueing export runs on the "export-run" queue (its contract: lib/server/jobs/queue.ts). A worker
// takes a job and ends it in one transaction, then claims the run itself (runExport), so the queue
// never holds a job that a dead worker had fetched. A run left behind (its worker died between
// taking the job and claiming the run, or stopped heartbeating while it wrote) gets a new job from
// any worker's sweep (jobs.ts), and runExport starts it over. Both the web server (which queues)
// and the workers read this file; it imports nothing of the writing side.

export function ensureExportQueue(): Promise<void> {
  return ensureQueue(EXPORT_RUN_QUEUE, EXPORT_RUN_QUEUE_OPTIONS);
}

/** Queues a job per export run, inside the caller's transaction (the one that made or reset the runs). */
export async function enqueueExportRuns(client: pg.ClientBase, exportRunIds: number[]): Promise<void> {
  if (exportRunIds.length === 0) return;
  await bossOn(client).insert(exportRunIds.map((exportRunId) => ({ name: EXPORT_RUN_QUEUE, data: { exportRunId } satisfies ExportRunJob })));
}
