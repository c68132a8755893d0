import "server-only";
import type { CompiledQuery } from "kysely";
import type pg from "pg";

/**
 * A statement written with Kysely, run on the pool or connection the caller names: the export
 * engine's functions take the one they run on (a run's transaction, or the pool).
 */
export async function rowsOn<R>(on: pg.Pool | pg.ClientBase, statement: CompiledQuery<R>): Promise<R[]> {
  return (await on.query<R & object>(statement.sql, [...statement.parameters])).rows;
}
