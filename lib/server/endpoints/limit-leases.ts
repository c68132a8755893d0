import "server-only";
import { sql, type SqlBool } from "kysely";
import type pg from "pg";
import { db, dbOn, executeOn } from "../db";

// The statements of an endpoint's limits shared across workers (shared-limit.ts says the protocol):
// leases of its concurrency, one row per worker, and grants of starts against its requests per
// minute. All but the release run in one short transaction under the endpoint's advisory lock.

/** How far back grants count: the provider's minute, and a second for our clock against its and the call's way there. */
export const GRANT_WINDOW_MS = 61_000;

/** Takes the endpoint's lock for the transaction; answers the turn of the fair split's odd slots (it moves every 10 s). */
export async function lockEndpointLimits(tx: pg.ClientBase, endpointId: number): Promise<number> {
  const { rows } = await sql<{ turn: number }>`
    SELECT pg_advisory_xact_lock(hashtext('cai-studio:endpoint-limits'), ${endpointId}), floor(extract(epoch FROM now()) / 10)::int AS turn
  `.execute(dbOn(tx));
  return rows[0].turn;
}

/** The endpoint's live leases (renewed within `staleMs`); the stale ones, dead workers', are deleted. */
export async function liveLeases(tx: pg.ClientBase, endpointId: number, staleMs: number): Promise<{ workerId: string; held: number; wanted: number }[]> {
  const stale = sql<SqlBool>`"renewedAt" <= now() - make_interval(secs => ${staleMs / 1000})`;
  const k = dbOn(tx);
  await k.deleteFrom("EndpointLease").where("endpointId", "=", endpointId).where(stale).execute();
  return k.selectFrom("EndpointLease").select(["workerId", "held", "wanted"]).where("endpointId", "=", endpointId).execute();
}

export async function recordLease(tx: pg.ClientBase, lease: { endpointId: number; workerId: string; held: number; wanted: number }): Promise<void> {
  await dbOn(tx)
    .insertInto("EndpointLease")
    .values({ ...lease, renewedAt: sql`now()` })
    .onConflict((conflict) => conflict.columns(["endpointId", "workerId"]).doUpdateSet({ held: lease.held, wanted: lease.wanted, renewedAt: sql`now()` }))
    .execute();
}

/** Starts granted in the window, and how long ago the oldest of them was (null: none). */
export async function grantsInWindow(tx: pg.ClientBase, endpointId: number): Promise<{ used: number; oldestAgeMs: number | null }> {
  return dbOn(tx)
    .selectFrom("EndpointGrant")
    .select([sql<number>`coalesce(sum(count), 0)::int`.as("used"), sql<number | null>`(extract(epoch FROM now() - min("grantedAt")) * 1000)::float`.as("oldestAgeMs")])
    .where("endpointId", "=", endpointId)
    .where(sql<SqlBool>`"grantedAt" > now() - make_interval(secs => ${GRANT_WINDOW_MS / 1000})`)
    .executeTakeFirstOrThrow();
}

/** Records `count` starts granted now, and prunes the grants that left the window. */
export async function recordGrant(tx: pg.ClientBase, endpointId: number, count: number): Promise<void> {
  const k = dbOn(tx);
  await k
    .deleteFrom("EndpointGrant")
    .where("endpointId", "=", endpointId)
    .where(sql<SqlBool>`"grantedAt" <= now() - make_interval(secs => ${GRANT_WINDOW_MS / 1000})`)
    .execute();
  await k
    .insertInto("EndpointGrant")
    .values({ endpointId, count, grantedAt: sql`now()` })
    .onConflict((conflict) => conflict.columns(["endpointId", "grantedAt"]).doUpdateSet({ count: sql`"EndpointGrant".count + ${count}` }))
    .execute();
}

/** A worker gives its lease back: it has no call in flight on the endpoint. */
export async function releaseLease(pool: pg.Pool, endpointId: number, workerId: string): Promise<void> {
  await executeOn(pool, db.deleteFrom("EndpointLease").where("endpointId", "=", endpointId).where("workerId", "=", workerId));
}
