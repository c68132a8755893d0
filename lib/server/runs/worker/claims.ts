import "server-only";
import { sql, type ExpressionBuilder, type RawBuilder, type UpdateQueryBuilder, type UpdateResult } from "kysely";
import type pg from "pg";
import type { DB, RunStatus } from "@/lib/generated/db/types";
import { parseRunConfig, type RunConfigOf, type RunKind } from "@/lib/schemas/run-config";
import { db, dbOn } from "../../db";
import { claim, exhausted, finish, heartbeat as heartbeatClaims, kyselyOn, lostClaim, mustHold, release, takeBack, type ClaimTable } from "../../jobs/claims";
import type { LostClaimError } from "../../jobs/lost-claim";
import type { RunItemJob } from "../../jobs/queue";
import { inTransaction } from "../../pg";
import { runsEnded } from "../../webhooks/events";
import { enqueueItems, keyQueue } from "../queue";

// Run items in the claim protocol (lib/server/jobs/claims.ts). A worker owns an item from a
// conditional update (PENDING -> CLAIMED, or a CLAIMED item whose heartbeat went stale) until it
// finishes it. Every write it makes for the item is fenced: it starts with an update that only
// matches while the claim is still its own (here, and in the single statements of record-call.ts
// and the kinds), which holds the item's row lock until the write commits. A worker that lost its
// claim (it stalled, another took over) writes nothing more.

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

/** Run items in the claim protocol (lib/server/jobs/claims.ts): the sweep fails an exhausted one. */
export const RUN_ITEMS: ClaimTable<"RunItem"> = {
  table: "RunItem",
  what: "run item",
  waiting: "PENDING",
  claimed: "CLAIMED",
  cancelled: "CANCELLED",
  maxAttempts: MAX_ATTEMPTS,
  staleWithoutHeartbeat: false,
};

/** The fence failed for a run item: see LostClaimError (lib/server/jobs/lost-claim.ts). */
export function lostItem(itemId: number): LostClaimError {
  return lostClaim(RUN_ITEMS, itemId);
}

/** Claims the items among `itemIds` of running runs (PENDING, or CLAIMED by a worker that stopped heartbeating), in one statement. */
export async function claimItems(on: pg.Pool | pg.ClientBase, itemIds: number[], workerId: string, staleSeconds: number): Promise<ClaimedItem[]> {
  if (itemIds.length === 0) return [];
  const rows = await claim(kyselyOn(on), RUN_ITEMS, itemIds, workerId, staleSeconds)
    .from("Run")
    .whereRef("Run.id", "=", "RunItem.runId")
    .where("Run.status", "=", "RUNNING")
    .returning(["RunItem.id", "RunItem.runId", "RunItem.promptId", "RunItem.comparisonId", "RunItem.attempts", "Run.kind", "Run.endpointId", "Run.constitutionVersionId", "Run.config"])
    // typed as it always was: a run whose endpoint was deleted since (null) fails the item when the worker resolves it
    .$narrowType<{ endpointId: number }>()
    .execute();
  return rows.map((row) => ({ ...row, ...parseRunConfig({ id: row.runId, kind: row.kind, config: row.config }) }));
}

/** The same for one item. */
export async function claimItem(on: pg.Pool | pg.ClientBase, itemId: number, workerId: string, staleSeconds: number): Promise<ClaimedItem | undefined> {
  const [item] = await claimItems(on, [itemId], workerId, staleSeconds);
  return item;
}

/** Refreshes the heartbeat of the items this worker holds; returns the ids it still holds. */
export function heartbeat(on: pg.Pool, itemIds: number[], workerId: string): Promise<Set<number>> {
  return heartbeatClaims(kyselyOn(on), RUN_ITEMS, itemIds, workerId);
}

export type ItemEnd = { status: "DONE" } | { status: "FAILED"; errorKind: string; error: string };

// A finish checks whether its run may have ended only when few of the run's items were still
// unfinished as it committed: counting them all would cost every finish of a large run a scan.
// Items finishing at the same moment each see the others unfinished, so the bound is well above
// how many finish at once; the sweep (completeFinishedRuns) ends any run that still slips through.
const FEW_LEFT = 100;

/** Ends the item; true when its run ended with it (its last item). */
export async function finishItem(item: ClaimedItem, workerId: string, end: ItemEnd): Promise<boolean> {
  const failed = end.status === "FAILED";
  const ended = finish(db, RUN_ITEMS, item.id, workerId, end.status)
    .set({ errorKind: failed ? end.errorKind : null, error: failed ? end.error : null, claimedBy: null })
    .returning(["id", "runId"]);
  // the statement sees the run's items as they were before it: this one still CLAIMED
  const othersLeft = unfinishedUpTo(sql`item."runId"`, sql`item.id`);
  // one fenced statement: the item's end and, for a failure, its error row
  const withEnd = db.with("item", () => ended);
  const statement = failed
    ? withEnd
        .with("error", (w) =>
          w
            .insertInto("RunError")
            .columns(["runId", "runItemId", "kind", "message", "retried"])
            .expression(w.selectFrom("item").select(["item.runId", "item.id", sql.val(end.errorKind).as("kind"), sql.val(end.error).as("message"), sql.lit(false).as("retried")])),
        )
        .selectFrom("item")
        .select(["item.id", othersLeft.as("othersLeft")])
    : withEnd.selectFrom("item").select(["item.id", othersLeft.as("othersLeft")]);
  const rows = await statement.execute();
  mustHold(RUN_ITEMS, item.id, rows);
  if (rows[0].othersLeft > FEW_LEFT) return false;
  return endRunIfDone(item.runId);
}

/** The run's unfinished items other than `except`, counted up to FEW_LEFT + 1. */
function unfinishedUpTo(runId: RawBuilder<unknown>, except: RawBuilder<unknown>) {
  return sql<number>`(SELECT count(*)::int FROM (SELECT 1 FROM "RunItem" o WHERE o."runId" = ${runId} AND o.status IN ('PENDING', 'CLAIMED') AND o.id <> ${except} LIMIT ${FEW_LEFT + 1}) left_)`;
}

/** After an item a kind ended in its own statement: ends the run if it was among its last (see FEW_LEFT). */
export async function endRunIfNearlyDone(runId: number): Promise<boolean> {
  const { othersLeft } = await db.selectNoFrom(unfinishedUpTo(sql.val(runId), sql.lit(0)).as("othersLeft")).executeTakeFirstOrThrow();
  if (othersLeft > FEW_LEFT) return false;
  return endRunIfDone(runId);
}

/**
 * Ends the run if its items are all finished. Called after an item's end has committed, never
 * inside that transaction: two items finishing at once would each see the other still running
 * and neither would end the run. Checked after both commits, the later check sees both. The run's
 * end and its webhook event commit together. True when this call ended it.
 */
export async function endRunIfDone(runId: number): Promise<boolean> {
  const ended = await endRuns((k) => k.where("Run.id", "=", runId));
  return ended.length > 0;
}

/** Gives an item back (the run was paused, the worker is stopping): another worker takes it from
 *  the first unfinished call. A running run's item gets a new job at once. The claim still counts
 *  as an attempt. */
export async function releaseItem(item: ClaimedItem, workerId: string): Promise<void> {
  await inTransaction(async (tx) => {
    const row = await release(dbOn(tx), RUN_ITEMS, item.id, workerId, { counted: true })
      .from("Run")
      .whereRef("Run.id", "=", "RunItem.runId")
      .returning("Run.status as runStatus")
      .executeTakeFirst();
    if (row?.runStatus === "RUNNING") await enqueueItems(tx, [{ runId: item.runId, itemId: item.id }]);
  });
}

/**
 * Leaves a pending item for another worker: this one cannot call the run's endpoint (`variable`,
 * which holds its key, is not set in its environment). The item stays PENDING, its job goes to the
 * variable's key queue (queue.ts), which only workers with it set fetch, and the run notes what it
 * waits for (the run page says so). Runs on the fetch's transaction, so the old job ends with it.
 */
export async function leaveForAnotherWorker(tx: pg.ClientBase, job: RunItemJob, variable: string): Promise<void> {
  await dbOn(tx).updateTable("Run").set({ waitingForKey: variable }).where("id", "=", job.runId).where("status", "=", "RUNNING").execute();
  await enqueueItems(tx, [{ runId: job.runId, itemId: job.itemId }], keyQueue(variable));
}

/** The same for an item this worker claimed before it knew: the claim is given back and is no attempt. */
export async function releaseForAnotherWorker(item: ClaimedItem, workerId: string, variable: string): Promise<void> {
  await inTransaction(async (tx) => {
    const { numUpdatedRows } = await release(dbOn(tx), RUN_ITEMS, item.id, workerId, { counted: false }).executeTakeFirstOrThrow();
    if (numUpdatedRows > 0n) await leaveForAnotherWorker(tx, { runId: item.runId, itemId: item.id }, variable);
  });
}

/** A worker with the variable took an item from its key queue: the run no longer waits for one. */
export async function keyFound(tx: pg.ClientBase, runId: number): Promise<void> {
  await dbOn(tx).updateTable("Run").set({ waitingForKey: null }).where("id", "=", runId).where("waitingForKey", "is not", null).execute();
}

/** The endpoint of a pending item's running run, read on the fetch's transaction; undefined for any other item. */
export async function pendingItemEndpoint(tx: pg.ClientBase, itemId: number): Promise<number | undefined> {
  const row = await dbOn(tx)
    .selectFrom("RunItem as i")
    .innerJoin("Run as r", "r.id", "i.runId")
    .select("r.endpointId")
    .where("i.id", "=", itemId)
    .where("i.status", "=", "PENDING")
    .where("r.status", "=", "RUNNING")
    .executeTakeFirst();
  return row?.endpointId ?? undefined;
}

/**
 * Takes back items whose worker stopped heartbeating (killed, frozen, cut off) and queues them
 * again; any worker may run this, and an item is taken back by exactly one of them. An item whose
 * workers stopped on it MAX_ATTEMPTS times fails instead: whatever it does to them, it does not do
 * it forever.
 */
export async function reclaimStaleItems(staleSeconds: number): Promise<number> {
  return inTransaction(async (tx) => {
    const k = dbOn(tx);
    const givenUp = exhausted(k, RUN_ITEMS, staleSeconds)
      .set({
        status: "FAILED",
        errorKind: "internal",
        error: sql<string>`format('gave up after %s attempts: each worker that took it stopped heartbeating (it died or hung) before finishing it', "RunItem".attempts)`,
      })
      .from("Run")
      .whereRef("Run.id", "=", "RunItem.runId")
      .where("Run.status", "=", "RUNNING")
      .returning(["RunItem.id", "RunItem.runId", "RunItem.errorKind", "RunItem.error"]);
    await k
      .with("given_up", () => givenUp)
      .insertInto("RunError")
      .columns(["runId", "runItemId", "kind", "message", "retried"])
      .expression((eb) => eb.selectFrom("given_up").select(["runId", "id", sql<string>`"errorKind"`.as("kind"), sql<string>`error`.as("message"), sql.lit(false).as("retried")]))
      .execute();
    const rows = await takeBack(k, RUN_ITEMS, staleSeconds)
      .from("Run")
      .whereRef("Run.id", "=", "RunItem.runId")
      .where("Run.status", "=", "RUNNING")
      .returning(["RunItem.id", "RunItem.runId"])
      .execute();
    await enqueueItems(
      tx,
      rows.map((r) => ({ runId: r.runId, itemId: r.id })),
    );
    return rows.length;
  });
}

// A running run with nothing left to do has ended: SUCCEEDED when at least one item is done (the
// failed ones are counted and can be retried), FAILED when every item failed. `which` narrows the
// runs looked at. The end and the webhook event that tells of it are one transaction.
async function endRuns(which: (update: UpdateQueryBuilder<DB, "Run", "Run", UpdateResult>) => UpdateQueryBuilder<DB, "Run", "Run", UpdateResult> = (all) => all): Promise<number[]> {
  const itemsOf = (eb: ExpressionBuilder<DB, "Run">) => eb.selectFrom("RunItem").select(sql.lit(1).as("one")).whereRef("RunItem.runId", "=", "Run.id");
  return inTransaction(async (tx) => {
    const update = dbOn(tx)
      .updateTable("Run")
      .set((eb) => ({
        finishedAt: sql`now()`,
        status: sql<RunStatus>`CASE WHEN ${eb.exists(itemsOf(eb).where("RunItem.status", "=", "DONE"))} THEN 'SUCCEEDED' ELSE 'FAILED' END::"RunStatus"`,
      }))
      .where("Run.status", "=", "RUNNING")
      .where((eb) => eb.not(eb.exists(itemsOf(eb).where("RunItem.status", "in", ["PENDING", "CLAIMED"]))));
    const ended = (await which(update).returning("Run.id").execute()).map((run) => run.id);
    await runsEnded(tx, ended);
    return ended;
  });
}

/** Runs whose last item finished while its worker died before closing the run; answers the ids it ended. */
export async function completeFinishedRuns(): Promise<number[]> {
  return endRuns();
}

export async function recordRetry(item: ClaimedItem, kind: string, message: string): Promise<void> {
  await db.insertInto("RunError").values({ runId: item.runId, runItemId: item.id, kind, message, retried: true }).execute();
}
