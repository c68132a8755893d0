// The server Playwright's webServer starts: a freshly made e2e database prepared as `npm start`
// prepares one (the default constitution, endpoints from CAI_ENDPOINTS), a current production
// build, then the web server (scripts/studio/web-server.ts, as `npm start` runs it) on port 3100
// and one run worker, so a run started in the browser is worked on. Every e2e run starts from an
// empty, migrated database: on the Postgres server, or with E2E_EMBEDDED=1 the embedded one,
// started here as `npm start` starts it (e2e/database.ts). If either process dies, the other is
// stopped and this exits, so a broken worker fails the e2e run instead of hanging it.
// Run with --conditions=react-server (playwright.config.ts does): the setup code is server-only.
import { rmSync } from "node:fs";
import path from "node:path";
import { E2E_DATABASE_URL, E2E_EMBEDDED, E2E_PGLITE_PORT } from "../e2e/database";
import { E2E_PASSWORD, ROLE_PEOPLE } from "../e2e/people";
import { e2eHubEnvironment } from "../e2e/hub";
import { e2eSsoEnvironment } from "../e2e/sso";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/server/embedded/embedded-database";
import { embeddedPaths } from "../lib/server/embedded/paths";
import { prepareStudio } from "../lib/server/setup/prepare";
import { recreateDatabase } from "../test/setup/test-database";
import { startChild, startWebServer, stopChildren, WORKER_NODE_ARGS, type Child } from "./studio/children";
import { ensureBuild } from "./studio/ensure-build";
import { applyMigrations } from "./studio/migrate";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = process.env.E2E_PORT ?? "3100";
const EMBEDDED_DATA_DIR = path.join(ROOT, "test-results/e2e-embedded");

// the admin e2e/auth.setup.ts signs in as, made by prepareStudio as `npm start` makes one; the
// session secret is a fixed test value, as the e2e database is thrown away on every run; single
// sign-on points at the identity provider e2e/sso.spec.ts starts (e2e/sso.ts), and Hub pushes at
// the stand-in e2e/hub.spec.ts starts (e2e/hub.ts)
const env = {
  ...process.env,
  DATABASE_URL: E2E_DATABASE_URL,
  NEXT_TELEMETRY_DISABLED: "1",
  PORT,
  BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? "e2e-only-session-secret-not-for-real-studios",
  CAI_ADMIN_EMAIL: ROLE_PEOPLE.admin.email,
  CAI_ADMIN_NAME: ROLE_PEOPLE.admin.name,
  CAI_ADMIN_PASSWORD: E2E_PASSWORD,
  ...e2eSsoEnvironment(),
  ...e2eHubEnvironment(),
  ...(E2E_EMBEDDED && { CAI_EMBEDDED: "1", CAI_DATA_DIR: EMBEDDED_DATA_DIR }),
};

let embedded: EmbeddedDatabase | undefined;
if (E2E_EMBEDDED) {
  rmSync(EMBEDDED_DATA_DIR, { recursive: true, force: true });
  embedded = await startEmbeddedDatabase({ port: E2E_PGLITE_PORT, paths: embeddedPaths(env) });
  Object.assign(process.env, env);
  await applyMigrations(ROOT, E2E_DATABASE_URL);
} else {
  await recreateDatabase(E2E_DATABASE_URL);
  Object.assign(process.env, env);
  await prepareStudio(E2E_DATABASE_URL);
}
await ensureBuild(ROOT, env);
const children: Child[] = [startWebServer(ROOT, env), startChild("worker", process.execPath, [...WORKER_NODE_ARGS, "scripts/worker.ts"], { cwd: ROOT, env })];

async function stop(code: number): Promise<never> {
  await stopChildren(children);
  await embedded?.stop();
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void stop(0));
}
const first = await Promise.race(children.map((child) => child.exited.then((code) => ({ child, code }))));
console.error(`${first.child.name} exited (code ${first.code}); stopping the e2e server.`);
await stop(first.code || 1);
