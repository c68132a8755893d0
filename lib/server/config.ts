import "server-only";
import { env, requiredEnv } from "./env";

// Where the database is and how many connections each part of a process may hold. The embedded
// database (PGlite over a socket) serves a fixed number of connections in all, so the pools are
// sized here, in one place: see docs/decisions/002-embedded-pglite-by-default.md. Both are read
// on use (lib/server/env.ts): `next build` loads this with no DATABASE_URL.

export function databaseUrl(): string {
  return requiredEnv("DATABASE_URL");
}

/** One pool per process (pg.ts), shared by Prisma, Kysely and pg-boss: CAI_POOL_SIZE, else 8. */
export function poolSize(): number {
  return env.CAI_POOL_SIZE;
}
