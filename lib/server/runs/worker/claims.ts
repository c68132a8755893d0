import "server-only";
import type pg from "pg";
import { parseRunConfig, type RunConfigOf, type RunKind } from "@/lib/schemas/run-config";
import { inTransaction, pgPool } from "../../pg";
import { LostClaimError } from "../../jobs/lost-claim";
import type { RunItemJob } from "../../jobs/queue";
import { enqueueItems, keyQueue } from "../queue";

// The claim protocol. A worker owns an item from a conditional update (PENDING -> CLAIMED, or a
// CLAIMED item whose heartbeat went stale) until it finishes it. Every write it makes for the item
// is fenced: it starts with an update that only matches while the claim is still its own (here,
// and in the single statements of record-call.ts), which holds the item's row lock until the write
// commits. A worker that lost its claim (it stalled, another took over) writes nothing more.

/** A claimed item with its run's kind and settings: what the worker needs to work on it. */
export type ClaimedItem<K extends RunKind = RunKind> = {
  [Kind in K]: {
    id: number;
    runId: number;
    attempts: number;
    endpointId: number;
    kind: Kind;
    /** set for the kinds whose items are prompts; comparisonId for those whose items are pairs (kinds/definition.ts itemWith) */
    promptId: number | null;
    comparisonId: number | null;
    constitutionVersionId: number | null;
    config: RunConfigOf<Kind>;
  };
}[K];

/** Claims of one item before an unexpected error or a worker dying on it ends it as failed. */
export const MAX_ATTEMPTS = 5;

/** The fence failed for a run item: see LostClaimError (lib/server/jobs/lost-claim.ts). */
export function lostItem(itemId: number): LostClaimError {
  return new LostClaimError(`run item ${itemId}`);
}

export async function claimItem(db: pg.Pool | pg.ClientBase, itemId: number, workerId: string, staleSeconds: number): Promise<ClaimedItem | undefined> {
  const { rows } = await db.query<Omit<ClaimedItem, "kind" | "config"> & { kind: string; config: unknown }>(
    `UPDATE "RunItem" i SET status = 'CLAIMED', "claimedBy" = $2, "heartbeatAt" = now(), attempts = i.attempts + 1
     FROM "Run" r
     WHERE i.id = $1 AND r.id = i."runId" AND r.status = 'RUNNING'
       AND (i.status = 'PENDING' OR (i.status = 'CLAIMED' AND i."heartbeatAt" < now() - make_interval(secs => $3) AND i.attempts < $4))
     RETURNING i.id, i."runId", i."promptId", i."comparisonId", i.attempts, r.kind, r."endpointId", r."constitutionVersionId", r.config`,
    [itemId, workerId, staleSeconds, MAX_ATTEMPTS],
  );
  const row = rows[0];
  return row && { ...row, ...parseRunConfig({ id: row.runId, kind: row.kind, config: row.config }) };
}

/** Refreshes the heartbeat of the items this worker holds; returns the ids it still holds. */
export async function heartbeat(db: pg.Pool, itemIds: number[], workerId: string): Promise<Set<number>> {
  if (itemIds.length === 0) return new Set();
  const { rows } = await db.query<{ id: number }>(
    `UPDATE "RunItem" SET "heartbeatAt" = now() WHERE id = ANY($1::int[]) AND "claimedBy" = $2 AND status = 'CLAIMED' RETURNING id`,
    [itemIds, workerId],
  );
  return new Set(rows.map((r) => r.id));
}

export type ItemEnd = { status: "DONE" } | { status: "FAILED"; errorKind: string; error: string };

export async function finishItem(item: ClaimedItem, workerId: string, end: ItemEnd): Promise<void> {
  const failed = end.status === "FAILED";
  // one fenced statement: the item's end and, for a failure, its error row
  const { rows } = await pgPool().query(
    `WITH item AS (
       UPDATE "RunItem" SET status = $3::"RunItemStatus", "errorKind" = $4, error = $5, "finishedAt" = now(), "claimedBy" = NULL
       WHERE id = $1 AND "claimedBy" = $2 AND status = 'CLAIMED' RETURNING id, "runId"
     ), error AS (
       INSERT INTO "RunError" ("runId", "runItemId", kind, message, retried)
       SELECT item."runId", item.id, $4, $5, false FROM item WHERE $3 = 'FAILED'
     )
     SELECT 1 FROM item`,
    [item.id, workerId, end.status, failed ? end.errorKind : null, failed ? end.error : null],
  );
  if (rows.length === 0) throw lostItem(item.id);
  await endRunIfDone(item.runId);
}

/**
 * Ends the run if its items are all finished. Called after an item's end has committed, never
 * inside that transaction: two items finishing at once would each see the other still running
 * and neither would end the run. Checked after both commits, the later check sees both.
 */
export async function endRunIfDone(runId: number): Promise<void> {
  await pgPool().query(`${END_RUNS} AND r.id = $1`, [runId]);
}

/** Gives an item back (the run was paused, the worker is stopping): another worker takes it from
 *  the first unfinished call. A running run's item gets a new job at once. */
export async function releaseItem(item: ClaimedItem, workerId: string): Promise<void> {
  await inTransaction(async (tx) => {
    const { rows } = await tx.query<{ runStatus: string }>(
      `UPDATE "RunItem" i SET status = 'PENDING', "claimedBy" = NULL FROM "Run" r
       WHERE i.id = $1 AND i."claimedBy" = $2 AND i.status = 'CLAIMED' AND r.id = i."runId" RETURNING r.status AS "runStatus"`,
      [item.id, workerId],
    );
    if (rows[0]?.runStatus === "RUNNING") await enqueueItems(tx, [{ runId: item.runId, itemId: item.id }]);
  });
}

/**
 * Leaves a pending item for another worker: this one cannot call the run's endpoint (`variable`,
 * which holds its key, is not set in its environment). The item stays PENDING, its job goes to the
 * variable's key queue (queue.ts), which only workers with it set fetch, and the run notes what it
 * waits for (the run page says so). Runs on the fetch's transaction, so the old job ends with it.
 */
export async function leaveForAnotherWorker(tx: pg.ClientBase, job: RunItemJob, variable: string): Promise<void> {
  await tx.query(`UPDATE "Run" SET "waitingForKey" = $2 WHERE id = $1 AND status = 'RUNNING'`, [job.runId, variable]);
  await enqueueItems(tx, [{ runId: job.runId, itemId: job.itemId }], keyQueue(variable));
}

/** The same for an item this worker claimed before it knew: the claim is given back and is no attempt. */
export async function releaseForAnotherWorker(item: ClaimedItem, workerId: string, variable: string): Promise<void> {
  await inTransaction(async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE "RunItem" SET status = 'PENDING', "claimedBy" = NULL, attempts = greatest(attempts - 1, 0)
       WHERE id = $1 AND "claimedBy" = $2 AND status = 'CLAIMED'`,
      [item.id, workerId],
    );
    if (rowCount) await leaveForAnotherWorker(tx, { runId: item.runId, itemId: item.id }, variable);
  });
}

/** A worker with the variable took an item from its key queue: the run no longer waits for one. */
export async function keyFound(tx: pg.ClientBase, runId: number): Promise<void> {
  await tx.query(`UPDATE "Run" SET "waitingForKey" = NULL WHERE id = $1 AND "waitingForKey" IS NOT NULL`, [runId]);
}

/** The endpoint of a pending item's running run, read on the fetch's transaction; undefined for any other item. */
export async function pendingItemEndpoint(tx: pg.ClientBase, itemId: number): Promise<number | undefined> {
  const { rows } = await tx.query<{ endpointId: number }>(
    `SELECT r."endpointId" FROM "RunItem" i JOIN "Run" r ON r.id = i."runId" WHERE i.id = $1 AND i.status = 'PENDING' AND r.status = 'RUNNING'`,
    [itemId],
  );
  return rows[0]?.endpointId;
}

/**
 * Takes back items whose worker stopped heartbeating (killed, frozen, cut off) and queues them
 * again; any worker may run this, and an item is taken back by exactly one of them. An item whose
 * workers stopped on it MAX_ATTEMPTS times fails instead: whatever it does to them, it does not do
 * it forever.
 */
export async function reclaimStaleItems(staleSeconds: number): Promise<number> {
  return inTransaction(async (tx) => {
    await tx.query(
      `WITH given_up AS (
         UPDATE "RunItem" i SET status = 'FAILED', "claimedBy" = NULL, "finishedAt" = now(), "errorKind" = 'internal',
           error = format('gave up after %s attempts: each worker that took it stopped heartbeating (it died or hung) before finishing it', i.attempts)
         FROM "Run" r
         WHERE r.id = i."runId" AND r.status = 'RUNNING' AND i.status = 'CLAIMED'
           AND i."heartbeatAt" < now() - make_interval(secs => $1) AND i.attempts >= $2
         RETURNING i.id, i."runId", i."errorKind", i.error)
       INSERT INTO "RunError" ("runId", "runItemId", kind, message, retried) SELECT "runId", id, "errorKind", error, false FROM given_up`,
      [staleSeconds, MAX_ATTEMPTS],
    );
    const { rows } = await tx.query<{ id: number; runId: number }>(
      `UPDATE "RunItem" i SET status = 'PENDING', "claimedBy" = NULL
       FROM "Run" r
       WHERE r.id = i."runId" AND r.status = 'RUNNING' AND i.status = 'CLAIMED'
         AND i."heartbeatAt" < now() - make_interval(secs => $1)
       RETURNING i.id, i."runId"`,
      [staleSeconds],
    );
    await enqueueItems(tx, rows.map((r) => ({ runId: r.runId, itemId: r.id })));
    return rows.length;
  });
}

// A running run with nothing left to do has ended: SUCCEEDED when at least one item is done (the
// failed ones are counted and can be retried), FAILED when every item failed.
const END_RUNS = `
  UPDATE "Run" r SET "finishedAt" = now(),
    status = CASE WHEN EXISTS (SELECT 1 FROM "RunItem" i WHERE i."runId" = r.id AND i.status = 'DONE') THEN 'SUCCEEDED' ELSE 'FAILED' END::"RunStatus"
  WHERE r.status = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM "RunItem" i WHERE i."runId" = r.id AND i.status IN ('PENDING', 'CLAIMED'))`;

/** Runs whose last item finished while its worker died before closing the run. */
export async function completeFinishedRuns(db: pg.Pool): Promise<void> {
  await db.query(END_RUNS);
}

export async function recordRetry(db: pg.Pool, item: ClaimedItem, kind: string, message: string): Promise<void> {
  await db.query(`INSERT INTO "RunError" ("runId", "runItemId", kind, message, retried) VALUES ($1, $2, $3, $4, true)`, [
    item.runId, item.id, kind, message,
  ]);
}
