import "server-only";
import type pg from "pg";
import { z } from "zod";
import { inTransaction } from "../pg";
import { bossOn, ensureQueue } from "../runs/queue";
import { STALE_SECONDS } from "./run";

// The export job's contract: a job on the "export-run" queue only says "write this ExportRun"; the
// ExportRun row owns the state (QUEUED, RUNNING with a heartbeat, SUCCEEDED, FAILED). A worker
// takes a job and ends it in one transaction, then claims the run itself (runExport), so the queue
// never holds a job that a dead worker had fetched. A run left behind (its worker died between
// taking the job and claiming the run, or stopped heartbeating while it wrote) gets a new job from
// any worker's sweeper (requeueStrandedExportRuns), and runExport starts it over.

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

/**
 * Gives a new job to every export run nobody is working on and no job is waiting for: queued for
 * longer than `staleSeconds` (its job was taken by a worker that died before claiming the run), or
 * running with a heartbeat older than runExport takes over (STALE_SECONDS, or `staleSeconds` if
 * longer: its worker died mid-export). Returns the runs queued.
 */
export async function requeueStrandedExportRuns(staleSeconds: number): Promise<number[]> {
  return inTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: number }>(
      `SELECT e.id FROM "ExportRun" e
       WHERE ((e.status = 'QUEUED' AND e."createdAt" < now() - make_interval(secs => $1))
           OR (e.status = 'RUNNING' AND coalesce(e."heartbeatAt", e."startedAt", e."createdAt") < now() - make_interval(secs => $3)))
         AND NOT EXISTS (
           SELECT 1 FROM pgboss.job j
           WHERE j.name = $2 AND j.state IN ('created', 'retry') AND j.data->>'exportRunId' = e.id::text)
       ORDER BY e.id
       FOR UPDATE OF e SKIP LOCKED`,
      [staleSeconds, EXPORT_RUN_QUEUE, Math.max(staleSeconds, STALE_SECONDS)],
    );
    const ids = rows.map((r) => r.id);
    await enqueueExportRuns(tx, ids);
    return ids;
  });
}
