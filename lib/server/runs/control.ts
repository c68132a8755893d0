import "server-only";
import type pg from "pg";
import { recordAudit, type Actor } from "../audit/record";
import { dbOn } from "../db";
import { ConflictError, NotFoundError } from "../errors";
import { cancel } from "../jobs/claims";
import { inTransaction } from "../pg";
import { enqueueItems } from "./queue";
import { RUN_ITEMS } from "./worker/claims";

// Pause, resume, cancel and retry. Each is one guarded update: it only happens from the states it
// makes sense in, so two people pressing buttons at once cannot put a run in a state nobody chose.
// Workers read the run's status before every model call and stop working on a paused or cancelled
// run's items; what they already finished stays.

export async function pauseRun(runId: number, by: Actor = {}): Promise<void> {
  await inTransaction(async (db) => {
    await transitionOn(db, runId, ["QUEUED", "RUNNING"], "PAUSED", "only a queued or running run can be paused");
    await recordAudit(db, { ...by, action: "run.pause", entityType: "run", entityId: runId });
  });
}

export async function resumeRun(runId: number, by: Actor = {}): Promise<void> {
  await inTransaction(async (db) => {
    await transitionOn(db, runId, ["PAUSED"], "RUNNING", "only a paused run can be resumed");
    await requeuePending(db, runId);
    await recordAudit(db, { ...by, action: "run.resume", entityType: "run", entityId: runId });
  });
}

export async function cancelRun(runId: number, by: Actor = {}): Promise<void> {
  await inTransaction(async (db) => {
    await transitionOn(db, runId, ["QUEUED", "RUNNING", "PAUSED"], "CANCELLED", "this run has already ended");
    // claimed items too: a live worker's next guarded write fails and it lets go
    await cancel(dbOn(db), RUN_ITEMS).where("runId", "=", runId).execute();
    await db.query(`UPDATE "Run" SET "finishedAt" = now() WHERE id = $1`, [runId]);
    await recordAudit(db, { ...by, action: "run.cancel", entityType: "run", entityId: runId });
  });
}

/** Puts a run's failed items back in the queue (after fixing a key, say); the run runs again. */
export async function retryFailedItems(runId: number, by: Actor = {}): Promise<void> {
  await inTransaction(async (db) => {
    const { rows } = await db.query<{ id: number }>(
      `UPDATE "RunItem" SET status = 'PENDING', error = NULL, "errorKind" = NULL, "finishedAt" = NULL
       WHERE "runId" = $1 AND status = 'FAILED' RETURNING id`,
      [runId],
    );
    if (rows.length === 0) throw new ConflictError("this run has no failed items to retry");
    await transitionOn(db, runId, ["RUNNING", "PAUSED", "SUCCEEDED", "FAILED"], "RUNNING", "a cancelled run cannot be retried");
    await db.query(`UPDATE "Run" SET "finishedAt" = NULL WHERE id = $1`, [runId]);
    await enqueueItems(db, rows.map((r) => ({ runId, itemId: r.id })));
    await recordAudit(db, { ...by, action: "run.retry", entityType: "run", entityId: runId, after: { items: rows.length } });
  });
}

async function transitionOn(db: pg.ClientBase, runId: number, from: string[], to: string, refusal: string): Promise<void> {
  const { rowCount } = await db.query(`UPDATE "Run" SET status = $3::"RunStatus" WHERE id = $1 AND status = ANY($2::"RunStatus"[])`, [runId, from, to]);
  if (rowCount) return;
  const { rows } = await db.query<{ status: string }>(`SELECT status FROM "Run" WHERE id = $1`, [runId]);
  if (rows.length === 0) throw new NotFoundError(`there is no run ${runId}`);
  throw new ConflictError(`${refusal} (run ${runId} is ${rows[0].status.toLowerCase()})`);
}

async function requeuePending(db: pg.ClientBase, runId: number): Promise<void> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM "RunItem" WHERE "runId" = $1 AND status = 'PENDING'`, [runId]);
  await enqueueItems(db, rows.map((r) => ({ runId, itemId: r.id })));
}
