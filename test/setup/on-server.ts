import { it, type TestFunction, type TestOptions } from "vitest";

// Tests that cannot run on the embedded database (test-database.ts: a run with no Postgres server,
// or CAI_TEST_EMBEDDED=1), each with why: PGlite is one session, so a test that holds a lock or a
// transaction open on one connection while the code under test must get on with another waits for
// itself. Only those skip there, saying why in their title; on a server they run as they are.

export const ON_EMBEDDED_DATABASE = process.env.CAI_TEST_DATABASE === "embedded";

export function itOnServer(reason: string, name: string, fn: TestFunction, timeout?: number): void;
export function itOnServer(reason: string, name: string, options: TestOptions, fn: TestFunction): void;
export function itOnServer(reason: string, name: string, ...rest: [TestFunction, number?] | [TestOptions, TestFunction]): void {
  const title = ON_EMBEDDED_DATABASE ? `${name} [skipped on the embedded database: ${reason}]` : name;
  const test = ON_EMBEDDED_DATABASE ? it.skip : it;
  if (typeof rest[0] === "function") test(title, rest[0], rest[1] as number | undefined);
  else test(title, rest[0], rest[1] as TestFunction);
}
