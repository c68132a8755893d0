import "server-only";
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool, type UpdateObject, type UpdateQueryBuilder, type UpdateResult } from "kysely";
import type pg from "pg";
import type { DB, Generated, Timestamp } from "@/lib/generated/db/types";
import { dbOn } from "../db";
import { LostClaimError } from "./lost-claim";

// The claim protocol of every row a worker works on (a run item, an export run), written once and
// parameterised by the table's description (ClaimTable):
//
//   claim      a conditional update: waiting -> claimed, or a claimed row whose heartbeat went stale
//              (its worker died or hung), with the worker's id, a fresh heartbeat and one more attempt
//   heartbeat  the worker's claims get a fresh heartbeat; the ones it no longer holds are answered
//   fence      every later write starts with an update that only matches while the claim is still
//              the worker's (heldBy), which holds the row's lock until the write commits; a write
//              that matched nothing raises LostClaimError, and the worker writes nothing more for it
//   release    back to waiting, unclaimed, for another worker; given back (not died on), the claim
//              need not count as an attempt
//   finish     the row's end, fenced like any write
//   cancel     a person ends rows that have not ended, held or not: a holder's next fenced write fails
//   stale      which claims a sweep may take back, and which to give up on after too many attempts
//
// Statements come back as Kysely builders typed for the caller's table, so each caller adds what
// its table needs (a join to the run, the columns it reads back) and the statement stays one.

type ClaimColumns = {
  id: Generated<number>;
  status: Generated<string>;
  claimedBy: Generated<string | null>;
  heartbeatAt: Generated<Timestamp | null>;
  attempts: Generated<number>;
  finishedAt: Generated<Timestamp | null>;
};

/** The tables with the claim's columns (id, status, claimedBy, heartbeatAt, attempts, finishedAt), same names in each. */
export type ClaimableTable = { [T in keyof DB]: DB[T] extends ClaimColumns ? T : never }[keyof DB];

type Status<T extends ClaimableTable> = DB[T] extends { status: Generated<infer S extends string> } ? S : never;

/** A table whose rows workers claim: a fixed description in code, never built from input. */
export interface ClaimTable<T extends ClaimableTable> {
  table: T;
  /** names a row in LostClaimError: "run item", "export run" */
  what: string;
  /** a row no worker holds, waiting for one (PENDING, QUEUED) */
  waiting: Status<T>;
  /** a row a worker holds (CLAIMED, RUNNING) */
  claimed: Status<T>;
  /** a row ended by a person before it finished, held or not (CANCELLED) */
  cancelled: Status<T>;
  /**
   * Claims of one row, its first included, after which a stale claim is no longer taken over but
   * given up (exhausted): a row that takes its workers down must not do so forever. Run items are
   * given up by the sweep; export runs by the job that finds one, just before its claim.
   */
  maxAttempts: number;
  /**
   * Whether a held row without a heartbeat counts as stale. Export runs: yes, as they always did.
   * Run items: no: every claim sets one, and rows written by hand (test fixtures, the bench) that
   * say CLAIMED without one are left alone, as the sweep always left them.
   */
  staleWithoutHeartbeat: boolean;
}

/**
 * The protocol's statements are built as on one table named "claimable" with only the claim's
 * columns, which every ClaimableTable has under the same names; the name they run on is the
 * description's (t.table), and the caller gets them back typed for that table.
 */
type ClaimDB = { claimable: ClaimColumns };
type Built = UpdateQueryBuilder<ClaimDB, "claimable", "claimable", UpdateResult>;

function updateOf<T extends ClaimableTable>(k: Kysely<DB>, t: ClaimTable<T>): Built {
  return (k as unknown as Kysely<ClaimDB>).updateTable(t.table as unknown as "claimable");
}

/** What the caller gets: the statement typed for its own table, ready for more SET, FROM, WHERE, RETURNING. */
type Update<T extends ClaimableTable> = UpdateQueryBuilder<DB, T, T, UpdateResult>;

function typed<T extends ClaimableTable>(built: Built): Update<T> {
  return built as unknown as Update<T>;
}

/** A claim column, qualified by its table: the statements may join another table with the same names (Run.status). */
function column<T extends ClaimableTable>(t: ClaimTable<T>, name: keyof ClaimColumns): RawBuilder<unknown> {
  return sql.ref(`${t.table}.${name}`);
}

/** The claim's heartbeat is older than `staleSeconds` (or, where the table says so, it has none): its worker stopped. */
export function isStale<T extends ClaimableTable>(t: ClaimTable<T>, staleSeconds: number): Expression<SqlBool> {
  const heartbeat = column(t, "heartbeatAt");
  const old = sql<SqlBool>`${heartbeat} < now() - make_interval(secs => ${staleSeconds})`;
  return t.staleWithoutHeartbeat ? sql<SqlBool>`(${heartbeat} IS NULL OR ${old})` : old;
}

/** The fence: the row is still claimed by this worker. */
export function heldBy<T extends ClaimableTable>(t: ClaimTable<T>, workerId: string): Expression<SqlBool> {
  return sql<SqlBool>`${column(t, "claimedBy")} = ${workerId} AND ${column(t, "status")} = ${t.claimed}`;
}

/**
 * The same fence as SQL text, for the single statements kept as text on the worker's hot path
 * (one per stored model call: record-call.ts, and the kinds' own), where building them with Kysely
 * would cost CPU on each call. `id` and `worker` are the statement's placeholders ("$2").
 */
export function heldByText<T extends ClaimableTable>(t: ClaimTable<T>, id: string, worker: string): string {
  return `"${t.table}".id = ${id} AND "${t.table}"."claimedBy" = ${worker} AND "${t.table}".status = '${t.claimed}'`;
}

/** The error a fenced write that matched nothing raises. */
export function lostClaim<T extends ClaimableTable>(t: ClaimTable<T>, id: number): LostClaimError {
  return new LostClaimError(`${t.what} ${id}`);
}

/**
 * Claims row `id` (or each of the rows `id` lists) for `workerId` if it waits, or if its claim went
 * stale with attempts to spare. Nothing matches otherwise: another worker holds it, it ended, or it
 * is to be given up.
 */
export function claim<T extends ClaimableTable>(k: Kysely<DB>, t: ClaimTable<T>, id: number | number[], workerId: string, staleSeconds: number): Update<T> {
  const status = column(t, "status");
  return typed(
    updateOf(k, t)
      .set({
        status: t.claimed,
        claimedBy: workerId,
        heartbeatAt: sql`now()`,
        attempts: sql`${column(t, "attempts")} + 1`,
      })
      .where(Array.isArray(id) ? sql<SqlBool>`${column(t, "id")} = ANY(${id}::int[])` : sql<SqlBool>`${column(t, "id")} = ${id}`)
      .where(sql<SqlBool>`(${status} = ${t.waiting} OR (${status} = ${t.claimed} AND ${isStale(t, staleSeconds)} AND ${column(t, "attempts")} < ${t.maxAttempts}))`),
  );
}

/** Fresh heartbeats for the claims `workerId` still holds among `ids`; returns those it holds. */
export async function heartbeat<T extends ClaimableTable>(
  k: Kysely<DB>,
  t: ClaimTable<T>,
  ids: number[],
  workerId: string,
  /** more to write with the heartbeat (an export's progress) */
  more?: UpdateObject<DB, T, T>,
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await fencedOn(k, t, ids, workerId)
    .set({ ...(more as object), heartbeatAt: sql`now()` })
    .returning("id")
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * A write that happens only while `workerId` still holds the claim of `id` (or of each of `ids`):
 * the caller adds its SET and RETURNING, and raises lostClaim() when nothing came back (or
 * mustHold() does).
 */
export function fenced<T extends ClaimableTable>(k: Kysely<DB>, t: ClaimTable<T>, id: number | number[], workerId: string): Update<T> {
  return typed(fencedOn(k, t, id, workerId));
}

function fencedOn<T extends ClaimableTable>(k: Kysely<DB>, t: ClaimTable<T>, id: number | number[], workerId: string): Built {
  const ids = Array.isArray(id) ? sql`ANY(${id}::int[])` : sql`${id}`;
  return updateOf(k, t)
    .where(sql<SqlBool>`${column(t, "id")} = ${ids}`)
    .where(heldBy(t, workerId));
}

/** Raises LostClaimError unless the fenced write changed a row. */
export function mustHold<T extends ClaimableTable>(t: ClaimTable<T>, id: number, changed: { numUpdatedRows: bigint } | unknown[]): void {
  const count = Array.isArray(changed) ? changed.length : Number(changed.numUpdatedRows);
  if (count === 0) throw lostClaim(t, id);
}

/**
 * Gives claims back: waiting again, held by nobody, with no heartbeat, for another worker to claim.
 * `counted: false` when the worker gives it back rather than dying on it (it stops, or cannot do
 * the work here): the claim is then no attempt.
 */
export function release<T extends ClaimableTable>(k: Kysely<DB>, t: ClaimTable<T>, id: number | number[], workerId: string, { counted }: { counted: boolean }): Update<T> {
  const attempts = column(t, "attempts");
  return typed(
    fencedOn(k, t, id, workerId).set({
      status: t.waiting,
      claimedBy: null,
      heartbeatAt: null,
      ...(counted ? {} : { attempts: sql`greatest(${attempts} - 1, 0)` }),
    }),
  );
}

/** The end of a claimed row (`status`, finished now, plus the caller's columns), fenced. */
export function finish<T extends ClaimableTable>(k: Kysely<DB>, t: ClaimTable<T>, id: number, workerId: string, status: Status<T>): Update<T> {
  return typed(fencedOn(k, t, id, workerId).set({ status, finishedAt: sql`now()` }));
}

/**
 * Cancels the rows (the caller says which) that have not ended, waiting or held: held by nobody
 * now, so a worker holding one fails its next fenced write and lets go.
 */
export function cancel<T extends ClaimableTable>(k: Kysely<DB>, t: ClaimTable<T>): Update<T> {
  const status = column(t, "status");
  return typed(
    updateOf(k, t)
      .set({ status: t.cancelled, claimedBy: null, finishedAt: sql`now()` })
      .where(sql<SqlBool>`${status} IN (${t.waiting}, ${t.claimed})`),
  );
}

/**
 * Stale claims (their worker died or hung) that used up their attempts (maxAttempts): the sweep
 * (or, for export runs, the job that finds one) ends them instead of taking them over again. The
 * caller sets the status and the error.
 */
export function exhausted<T extends ClaimableTable>(k: Kysely<DB>, t: ClaimTable<T>, staleSeconds: number): Update<T> {
  return typed(
    updateOf(k, t)
      .set({ claimedBy: null, finishedAt: sql`now()` })
      .where(sql<SqlBool>`${column(t, "status")} = ${t.claimed} AND ${column(t, "attempts")} >= ${t.maxAttempts} AND ${isStale(t, staleSeconds)}`),
  );
}

/** Stale claims taken back by a sweep: waiting again, for any worker. Counted: the worker died on it. */
export function takeBack<T extends ClaimableTable>(k: Kysely<DB>, t: ClaimTable<T>, staleSeconds: number): Update<T> {
  return typed(
    updateOf(k, t)
      .set({ status: t.waiting, claimedBy: null, heartbeatAt: null })
      .where(sql<SqlBool>`${column(t, "status")} = ${t.claimed} AND ${isStale(t, staleSeconds)}`),
  );
}

/**
 * Kysely on the pool or the held connection the caller passes: dbOn only calls query(), which a
 * pool answers too, each statement on a connection of its own.
 */
export function kyselyOn(on: pg.Pool | pg.ClientBase): Kysely<DB> {
  return dbOn(on as pg.ClientBase);
}
