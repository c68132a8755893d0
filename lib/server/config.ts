import "server-only";

// Where the database is and how many connections each part of a process may hold. The embedded
// database (PGlite over a socket) serves a fixed number of connections in all, so the pools are
// sized here, in one place: see docs/decisions/002-embedded-pglite-by-default.md.

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the studio with `npm start` (it starts the embedded database) " +
        "or set DATABASE_URL to your Postgres.",
    );
  }
  return url;
}

// One pool per process (pg.ts), shared by Prisma, Kysely and pg-boss.
const DEFAULT_POOL_SIZE = 8;

export function poolSize(): number {
  const fromEnv = Number(process.env.CAI_POOL_SIZE);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_POOL_SIZE;
}
