import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { deployMigrations } from "../../scripts/studio/deploy-migrations.ts";
import { freePort } from "./free-port.ts";

// A fresh, migrated database for one test run: made, then `prisma migrate deploy` once (it takes
// seconds even with nothing to do, so never per test). Which database, decided once by
// vitest.config.ts (chooseTestDatabase) and read by the global setup and the tests from the
// environment:
//   - TEST_DATABASE_URL when it is set: recreated, and left in place at the end;
//   - else the Postgres server on 127.0.0.1:5432 when it answers: a database of this run's own (by
//     process id), dropped at the end, so two runs on one machine never pull one from under each other;
//   - else (no server, as on a newcomer's laptop, or CAI_TEST_EMBEDDED=1 to try it on a machine that
//     has one) the embedded PGlite every `npm start` runs, in a temporary directory on a free port,
//     started by the global setup and stopped at the end. Tests that need a server skip there
//     (itOnServer in on-server.ts).
// This module is imported by vitest.config.ts, so it stays free of server code ("server-only").

const SERVER = "postgresql://postgres@127.0.0.1:5432";
const ROOT = path.resolve(import.meta.dirname, "../..");

export type TestDatabaseKind = "given" | "server" | "embedded";

export interface TestDatabase {
  kind: TestDatabaseKind;
  url: string;
}

/** Picks the run's database (once per process) and records it in the environment. */
export async function chooseTestDatabase(): Promise<TestDatabase> {
  const chosen = process.env.CAI_TEST_DATABASE;
  if (chosen && process.env.DATABASE_URL) return { kind: chosen as TestDatabaseKind, url: process.env.DATABASE_URL };
  let database: TestDatabase;
  if (process.env.TEST_DATABASE_URL) {
    database = { kind: "given", url: process.env.TEST_DATABASE_URL };
  } else {
    const unreachable = process.env.CAI_TEST_EMBEDDED === "1" ? "CAI_TEST_EMBEDDED=1" : await serverProblem();
    database = unreachable ? { kind: "embedded", url: `postgresql://postgres@127.0.0.1:${await freePort()}/postgres` } : { kind: "server", url: `${SERVER}/cai_studio_test_${process.pid}` };
    if (unreachable) console.log(`Tests run on an embedded database (${unreachable}); tests that need a Postgres server are skipped.`);
  }
  process.env.CAI_TEST_DATABASE = database.kind;
  process.env.DATABASE_URL = database.url;
  return database;
}

/** The database chooseTestDatabase picked, in the global setup (the same process as the config). */
export function chosenTestDatabase(): TestDatabase {
  const kind = process.env.CAI_TEST_DATABASE as TestDatabaseKind | undefined;
  const url = process.env.DATABASE_URL;
  if (!kind || !url) throw new Error("No test database was chosen: run the tests through vitest.config.ts.");
  return { kind, url };
}

/** Why the Postgres server cannot be used, or undefined when it answers. */
async function serverProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres`, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `no Postgres server answers on 127.0.0.1:5432: ${(error as Error).message || (error as NodeJS.ErrnoException).code}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs `work` on the server's postgres database, given the name of the database the URL names. */
async function onServer(url: string, work: (client: pg.Client, name: string) => Promise<void>): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await work(client, name);
  } finally {
    await client.end();
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function migrateDatabase(url: string): Promise<void> {
  await deployMigrations(ROOT, url);
}

export async function recreateDatabase(url: string): Promise<void> {
  await onServer(url, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted(name)}`);
  });
  await migrateDatabase(url);
}

/** Creates the database if the server has none of that name (keeping one that exists), then applies any pending migration. */
export async function ensureDatabase(url: string): Promise<void> {
  await onServer(url, async (client, name) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${quoted(name)}`);
  });
  await migrateDatabase(url);
}

export async function dropDatabase(url: string): Promise<void> {
  await onServer(url, (client, name) => client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`).then(() => {}));
}

/** A temporary directory for an embedded database, removed by the function returned. */
export function temporaryDataDir(): { root: string; remove: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), "cai-test-pglite-"));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
