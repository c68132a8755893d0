import { spawnSync } from "node:child_process";

// Which database the e2e studio runs on, read by the e2e server (scripts/e2e-server.ts) and by the
// specs' own queries (helpers.ts): the Postgres server's cai_studio_e2e by default, or the embedded
// PGlite every newcomer's `npm start` runs, made new in test-results/e2e-embedded and served on
// E2E_PGLITE_PORT (3102): with E2E_EMBEDDED=1 (or CAI_TEST_EMBEDDED=1, which does the same for
// vitest), and by itself when no E2E_DATABASE_URL is given and no Postgres server answers on
// 127.0.0.1:5432, as on a newcomer's laptop. .ci/run runs the suite both ways.

/** Whether something accepts connections on 127.0.0.1:5432; synchronous, as the config is (a child process). */
function serverAnswers(): boolean {
  const probe = `require("node:net").connect(5432, "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(1)).setTimeout(2000, () => process.exit(1))`;
  return spawnSync(process.execPath, ["-e", probe], { stdio: "ignore", timeout: 5000 }).status === 0;
}

if (process.env.CAI_TEST_EMBEDDED === "1") process.env.E2E_EMBEDDED = "1";
if (process.env.E2E_EMBEDDED === undefined && !process.env.E2E_DATABASE_URL) {
  // decided once: the web server and the workers inherit the answer
  process.env.E2E_EMBEDDED = serverAnswers() ? "0" : "1";
  if (process.env.E2E_EMBEDDED === "1") console.log("No Postgres server answers on 127.0.0.1:5432: the browser tests run on the embedded database.");
}

export const E2E_EMBEDDED = process.env.E2E_EMBEDDED === "1";
export const E2E_PGLITE_PORT = Number(process.env.E2E_PGLITE_PORT ?? 3102);

export const E2E_DATABASE_URL = E2E_EMBEDDED
  ? `postgresql://postgres@127.0.0.1:${E2E_PGLITE_PORT}/postgres`
  : (process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/cai_studio_e2e");

/** The Playwright report's name: the summary in .ci/run counts both. */
export const E2E_REPORT = E2E_EMBEDDED ? "test-results/playwright-embedded.json" : "test-results/playwright.json";
