import "server-only";
import type { Actor } from "../audit/record";
import { inTransaction, pgPool } from "../pg";
import { createExportRun, type ExportRunSummary } from "./definitions";
import { enqueueExportRuns, ensureExportQueue } from "./queue";

// Starting a run of a saved export from the browser: the QUEUED run (audited, definitions.ts), then
// its job for the workers. Two transactions: if the second never happens (the server died between
// them), the run is QUEUED with no job, and a worker's sweep queues it within a minute (queue.ts).

export async function startExportRun(exportId: number, actor: Actor): Promise<ExportRunSummary> {
  await ensureExportQueue();
  const run = await createExportRun(pgPool(), exportId, actor);
  await inTransaction((tx) => enqueueExportRuns(tx, [run.id]));
  return run;
}
