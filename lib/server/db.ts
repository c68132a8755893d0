import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { Kysely, PostgresDialect, sql, type Compilable, type CompiledQuery, type RawBuilder } from "kysely";
import type pg from "pg";
import type { DB } from "@/lib/generated/db/types";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { pgPool } from "./pg";

// The ways to the database, all on the process's one pool (pg.ts): Prisma for model reads and
// writes, and Kysely, typed from the same schema.prisma (scripts/db-types.ts), for every statement
// written by hand: `db` on the pool, `dbOn(client)` on a connection held for a transaction, so the
// builder, `sql` templates and pg-boss (`bossOn(client)`) share that transaction; `executeOn` and
// `queryOn` run one statement inside a Prisma transaction too, so no statement is written twice.
// Why Kysely and not Prisma's typed SQL: docs/decisions/007-one-way-to-the-database.md.
//
// Both are made on first use, not on import: `next build` loads this module with no database.

function createPrisma() {
  return new PrismaClient({
    adapter: new PrismaPg(poolKeptOpen(pgPool())),
    // Secret columns are omitted from every query unless a query asks for them by name.
    omit: { modelEndpoint: { apiKeyCiphertext: true }, webhook: { secretCiphertext: true } },
  });
}

type Prisma = ReturnType<typeof createPrisma>;
const globalForDb = globalThis as unknown as { prisma?: Prisma; kysely?: Kysely<DB> };

/** One Prisma client per process, kept on globalThis so Next's dev reloads do not open another. */
export const prisma = new Proxy({} as Prisma, {
  get(_, property) {
    globalForDb.prisma ??= createPrisma();
    const real = globalForDb.prisma;
    const value = Reflect.get(real, property);
    return typeof value === "function" ? value.bind(real) : value;
  },
});

/** Kysely on the process's pool: each statement takes a connection and gives it back. */
export const db = new Proxy({} as Kysely<DB>, {
  get(_, property) {
    globalForDb.kysely ??= new Kysely<DB>({ dialect: new PostgresDialect({ pool: async () => pgPool() }) });
    const real = globalForDb.kysely;
    const value = Reflect.get(real, property);
    return typeof value === "function" ? value.bind(real) : value;
  },
});

const onConnection = new WeakMap<pg.ClientBase, Kysely<DB>>();

/** Kysely on a connection the caller holds (and releases): its statements join the caller's transaction. */
export function dbOn(client: pg.ClientBase): Kysely<DB> {
  let kysely = onConnection.get(client);
  if (!kysely) {
    // the connection as Kysely's driver takes one from a pool, with nothing to give back
    const held = { query: client.query.bind(client), release: () => {} } as unknown as pg.PoolClient;
    kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool: { connect: async () => held, end: async () => {}, options: {} } }) });
    onConnection.set(client, kysely);
  }
  return kysely;
}

/**
 * The pool as Prisma's adapter sees it: Prisma's $disconnect ends the pool it was given, but the
 * pool is the process's (Kysely, node-postgres and pg-boss share it), so ending it is pgPool's owner's call.
 */
function poolKeptOpen(pool: pg.Pool): pg.Pool {
  return new Proxy(pool, {
    get(target, property) {
      if (property === "end") return async () => {};
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Prisma's interactive transaction (or Prisma itself), for a statement that must join one. */
interface PrismaExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** Where a statement written with Kysely can run: the pool, a held connection, or a Prisma transaction. */
export type Executor = pg.Pool | pg.ClientBase | PrismaExecutor;

/**
 * Runs a statement that returns nothing on whichever client holds the caller's transaction, so a
 * statement shared by Prisma-transaction and node-postgres callers (the audit trail) is written once.
 */
export async function executeOn(on: Executor, statement: Compilable): Promise<void> {
  const { sql, parameters } = statement.compile();
  if ("query" in on) await on.query(sql, [...parameters]);
  else await on.$executeRawUnsafe(sql, ...parameters);
}

/**
 * The rows of a statement run as executeOn runs it: a lock taken inside a Prisma transaction, say.
 * Through Prisma a bigint or numeric column reads as Prisma reads it (BigInt, Decimal), not as the
 * generated types say (text), so select neither through a Prisma transaction.
 */
export async function queryOn<R>(on: Executor, statement: Compilable<R> | CompiledQuery<R>): Promise<R[]> {
  const { sql, parameters } = "compile" in statement ? statement.compile() : statement;
  if ("query" in on) return (await on.query<R & object>(sql, [...parameters])).rows;
  return on.$queryRawUnsafe<R[]>(sql, ...parameters);
}

/**
 * A timestamp column read as Prisma reads one, as UTC: node-postgres reads a `timestamp` (without
 * time zone, as Prisma makes DateTime columns) in the process's local time zone, so on a machine
 * not set to UTC a statement moved from Prisma to Kysely would otherwise answer shifted times.
 */
export function utc(column: string): RawBuilder<Date> {
  return sql<Date>`${sql.ref(column)} AT TIME ZONE 'UTC'`;
}
