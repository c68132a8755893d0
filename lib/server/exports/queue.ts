import "server-only";
import type pg from "pg";
import { z } from "zod";
import { bossOn, ensureQueue } from "../runs/queue";

// The export job's contract: a job on the "export-run" queue only says "write this ExportRun"; the
// ExportRun row owns the state (QUEUED, RUNNING with a heartbeat, SUCCEEDED, FAILED). A worker
// takes a job and ends it in one transaction, then claims the run itself (runExport), so the queue
// never holds a job that a dead worker had fetched. A run left behind (its worker died between
// taking the job and claiming the run, or stopped heartbeating while it wrote) gets a new job from
// any worker's sweep (jobs.ts), and runExport starts it over. This file is the contract both the
// web server (which queues) and the workers read; it imports nothing of the writing side.

export const EXPORT_RUN_QUEUE = "export-run";
export const exportRunJobSchema = z.object({ exportRunId: z.number().int() });
export type ExportRunJob = z.infer<typeof exportRunJobSchema>;

// the run's own heartbeat recovers a dead worker's export; pg-boss's expiry and retries never come into it
const QUEUE_OPTIONS = { expireInSeconds: 3600, retryLimit: 0, retentionMinutes: 60 * 24 } as const;

export function ensureExportQueue(): Promise<void> {
  return ensureQueue(EXPORT_RUN_QUEUE, QUEUE_OPTIONS);
}

/** Queues a job per export run, inside the caller's transaction (the one that made or reset the runs). */
export async function enqueueExportRuns(client: pg.ClientBase, exportRunIds: number[]): Promise<void> {
  if (exportRunIds.length === 0) return;
  await bossOn(client).insert(exportRunIds.map((exportRunId) => ({ name: EXPORT_RUN_QUEUE, data: { exportRunId } satisfies ExportRunJob })));
}
