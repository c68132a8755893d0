import "server-only";
import pg from "pg";
import { databaseUrl, poolSize } from "./config";

// The process's one node-postgres pool. Prisma's adapter, Kysely and pg-boss all run on it
// (db.ts), so a process holds at most `poolSize()` connections: the embedded database serves a
// fixed number in all (docs/decisions/002-embedded-pglite-by-default.md).
const globalForPg = globalThis as unknown as { pgPool?: pg.Pool };

export function pgPool(): pg.Pool {
  globalForPg.pgPool ??= new pg.Pool({ connectionString: databaseUrl(), max: poolSize() });
  return globalForPg.pgPool;
}

/**
 * Runs `work` in one transaction on a pooled connection (the studio's pool unless one is given): it
 * commits if `work` returns, else rolls back.
 */
export async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>, pool: pg.Pool = pgPool()): Promise<T> {
  const client = await pool.connect();
  try {
    return await transactionOn(client, work);
  } finally {
    client.release();
  }
}

/** The same on a connection the caller holds. */
export async function transactionOn<C extends pg.ClientBase, T>(client: C, work: (client: C) => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/**
 * The embedded PGlite (one session that every connection takes turns on) rather than a Postgres
 * server: it speaks no COPY through its socket, and runs nothing else while a transaction is open,
 * so long work there goes in short transactions (docs/decisions/002-embedded-pglite-by-default.md).
 */
export async function isEmbeddedDatabase(db: pg.Pool | pg.ClientBase): Promise<boolean> {
  const { rows } = await db.query<{ version: string }>("SELECT version()");
  return rows[0].version.includes("PGlite");
}

const globalForPrepared = globalThis as unknown as { caiPrepared?: WeakMap<pg.Pool, Promise<boolean>> };
const prepared = (globalForPrepared.caiPrepared ??= new WeakMap());

/**
 * Runs one of the worker's hot statements (one per stored model call) as a named prepared
 * statement: Postgres parses and plans it once per connection instead of on every call. Not on the
 * embedded PGlite, whose connections share one session, so a name prepared by one would collide
 * with another's; there it runs unnamed, as any statement. `name` must stand for exactly `text`.
 */
export async function queryPrepared<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[], pool: pg.Pool = pgPool()): Promise<pg.QueryResult<R>> {
  let named = prepared.get(pool);
  if (!named) {
    named = isEmbeddedDatabase(pool).then((embedded) => !embedded);
    named.catch(() => prepared.delete(pool));
    prepared.set(pool, named);
  }
  return (await named) ? pool.query<R>({ name, text, values }) : pool.query<R>(text, values);
}
