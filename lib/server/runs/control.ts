import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import type { RunStatus } from "@/lib/generated/db/types";
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
    await dbOn(db)
      .updateTable("Run")
      .set({ finishedAt: sql`now()` })
      .where("id", "=", runId)
      .execute();
    await recordAudit(db, { ...by, action: "run.cancel", entityType: "run", entityId: runId });
  });
}

/** Puts a run's failed items back in the queue (after fixing a key, say); the run runs again. */
export async function retryFailedItems(runId: number, by: Actor = {}): Promise<void> {
  await inTransaction(async (db) => {
    const rows = await dbOn(db)
      .updateTable("RunItem")
      .set({ status: "PENDING", error: null, errorKind: null, finishedAt: null })
      .where("runId", "=", runId)
      .where("status", "=", "FAILED")
      .returning("id")
      .execute();
    if (rows.length === 0) throw new ConflictError("this run has no failed items to retry");
    await transitionOn(db, runId, ["RUNNING", "PAUSED", "SUCCEEDED", "FAILED"], "RUNNING", "a cancelled run cannot be retried");
    await dbOn(db).updateTable("Run").set({ finishedAt: null }).where("id", "=", runId).execute();
    await enqueueItems(
      db,
      rows.map((r) => ({ runId, itemId: r.id })),
    );
    await recordAudit(db, { ...by, action: "run.retry", entityType: "run", entityId: runId, after: { items: rows.length } });
  });
}

async function transitionOn(db: pg.ClientBase, runId: number, from: RunStatus[], to: RunStatus, refusal: string): Promise<void> {
  const { numUpdatedRows } = await dbOn(db).updateTable("Run").set({ status: to }).where("id", "=", runId).where("status", "in", from).executeTakeFirstOrThrow();
  if (numUpdatedRows > 0n) return;
  const run = await dbOn(db).selectFrom("Run").select("status").where("id", "=", runId).executeTakeFirst();
  if (!run) throw new NotFoundError(`there is no run ${runId}`);
  throw new ConflictError(`${refusal} (run ${runId} is ${run.status.toLowerCase()})`);
}

async function requeuePending(db: pg.ClientBase, runId: number): Promise<void> {
  const rows = await dbOn(db).selectFrom("RunItem").select("id").where("runId", "=", runId).where("status", "=", "PENDING").execute();
  await enqueueItems(
    db,
    rows.map((r) => ({ runId, itemId: r.id })),
  );
}
