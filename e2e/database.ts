// Which database the e2e studio runs on, read by the e2e server (scripts/e2e-server.ts) and by the
// specs' own queries (helpers.ts): the Postgres server's cai_studio_e2e by default, or, with
// E2E_EMBEDDED=1, the embedded PGlite every newcomer's `npm start` runs, made new in
// test-results/e2e-embedded and served on E2E_PGLITE_PORT (3102). .ci/run runs the suite both ways.

export const E2E_EMBEDDED = process.env.E2E_EMBEDDED === "1";
export const E2E_PGLITE_PORT = Number(process.env.E2E_PGLITE_PORT ?? 3102);

export const E2E_DATABASE_URL = E2E_EMBEDDED
  ? `postgresql://postgres@127.0.0.1:${E2E_PGLITE_PORT}/postgres`
  : (process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/cai_studio_e2e");

/** The Playwright report's name: the summary in .ci/run counts both. */
export const E2E_REPORT = E2E_EMBEDDED ? "test-results/playwright-embedded.json" : "test-results/playwright.json";
