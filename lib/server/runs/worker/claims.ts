import "server-only";
import type pg from "pg";
import type { LabelRunConfig, SampleRunRequest } from "@/lib/schemas/labels";
import type { SlRunConfig } from "@/lib/schemas/runs";
import type { ScoreRunConfig } from "@/lib/schemas/scores";
import { inTransaction, pgPool } from "../../pg";
import { enqueueItems } from "../queue";

// The claim protocol. A worker owns an item from a conditional update (PENDING -> CLAIMED, or a
// CLAIMED item whose heartbeat went stale) until it finishes it. Every write it makes for the item
// is fenced: it starts with an update that only matches while the claim is still its own (here,
// and in the single statements of record-call.ts), which holds the item's row lock until the write
// commits. A worker that lost its claim (it stalled, another took over) writes nothing more.

interface ClaimedBase {
  id: number;
  runId: number;
  attempts: number;
  endpointId: number;
}

/** A claimed item with its run's kind and settings: what the worker needs to work on it. */
export type ClaimedItem =
  | (ClaimedBase & { kind: "SL_CAI"; promptId: number; comparisonId: null; constitutionVersionId: number; config: SlRunConfig })
  | (ClaimedBase & { kind: "SAMPLE"; promptId: number; comparisonId: null; constitutionVersionId: null; config: SampleRunConfig })
  | (ClaimedBase & { kind: "LABEL"; promptId: null; comparisonId: number; constitutionVersionId: number; config: LabelRunConfig })
  | (ClaimedBase & { kind: "SCORE"; promptId: number; comparisonId: null; constitutionVersionId: null; config: ScoreRunConfig });

export type SampleRunConfig = SampleRunRequest & { endpoint: { name: string; kind: string; model: string } };

export class LostClaimError extends Error {
  constructor(itemId: number) {
    super(`run item ${itemId} is no longer claimed by this worker`);
  }
}

export async function claimItem(db: pg.Pool | pg.ClientBase, itemId: number, workerId: string, staleSeconds: number): Promise<ClaimedItem | undefined> {
  const { rows } = await db.query<ClaimedItem>(
    `UPDATE "RunItem" i SET status = 'CLAIMED', "claimedBy" = $2, "heartbeatAt" = now(), attempts = i.attempts + 1
     FROM "Run" r
     WHERE i.id = $1 AND r.id = i."runId" AND r.status = 'RUNNING'
       AND (i.status = 'PENDING' OR (i.status = 'CLAIMED' AND i."heartbeatAt" < now() - make_interval(secs => $3)))
     RETURNING i.id, i."runId", i."promptId", i."comparisonId", i.attempts, r.kind, r."endpointId", r."constitutionVersionId", r.config`,
    [itemId, workerId, staleSeconds],
  );
  return rows[0];
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
  if (rows.length === 0) throw new LostClaimError(item.id);
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
 * Takes back items whose worker stopped heartbeating (killed, frozen, cut off) and queues them
 * again; any worker may run this, and an item is taken back by exactly one of them.
 */
export async function reclaimStaleItems(staleSeconds: number): Promise<number> {
  return inTransaction(async (tx) => {
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
