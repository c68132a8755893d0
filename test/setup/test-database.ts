import { execFileSync } from "node:child_process";
import pg from "pg";

// A fresh, migrated database for one test run: made, then `prisma migrate deploy` once (it takes
// seconds even with nothing to do, so never per test). Unless TEST_DATABASE_URL names one, each
// run gets its own database (by process id) and drops it at the end, so two runs on one machine
// (a developer's and CI's) never pull a database from under each other.

const SERVER = "postgresql://postgres@127.0.0.1:5432";
export const OWN_TEST_DATABASE = !process.env.TEST_DATABASE_URL;
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? `${SERVER}/cai_studio_test_${process.pid}`;

async function onServer(url: string, sql: (name: string) => string[]): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const statement of sql(name)) await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(url: string): Promise<void> {
  await onServer(url, (name) => [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `CREATE DATABASE "${name}"`]);
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
}

export async function dropDatabase(url: string): Promise<void> {
  await onServer(url, (name) => [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
}
