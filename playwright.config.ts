import { defineConfig } from "@playwright/test";
import { E2E_REPORT } from "./e2e/database";
import { storageStatePath } from "./e2e/people";

// End-to-end specs run against the production build on a database of their own (recreated by
// scripts/e2e-server.ts), in Debian's Chromium: `npx playwright install` cannot download here.
// CHROMIUM_PATH points elsewhere on a machine with Playwright's own browser; E2E_PORT moves the
// server when 3100 is taken (scripts/e2e-server.ts reads it too); E2E_FAKE_LLM_PORT moves the fake
// model provider from 3101 (e2e/runs.spec.ts reads it too), E2E_OIDC_PORT the identity provider of
// e2e/sso.spec.ts from 3103 (e2e/sso.ts). E2E_EMBEDDED=1 runs the same specs on
// the embedded database (e2e/database.ts), as a newcomer's studio runs.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const FAKE_LLM_PORT = Number(process.env.E2E_FAKE_LLM_PORT ?? 3101);

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: E2E_REPORT }]],
  outputDir: E2E_REPORT.replace(/\.json$/, ""),
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    // signs the e2e people in once (e2e/auth.setup.ts); every spec runs as the admin unless it opens
    // a context as someone else (e2e/auth.ts)
    { name: "people", testMatch: /auth\.setup\.ts$/, use: { browserName: "chromium" } },
    { name: "chromium", dependencies: ["people"], use: { browserName: "chromium", storageState: storageStatePath("admin") } },
  ],
  webServer: [
    {
      // the model endpoint of the runs spec: the OpenAI-compatible fake provider, over real HTTP
      command: `npx tsx test/fake-llm/main.ts --port ${FAKE_LLM_PORT} --latency-ms 50`,
      url: `http://127.0.0.1:${FAKE_LLM_PORT}/v1/models`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // the studio and one run worker on the e2e database; server-only code needs the condition
      command: "npx tsx --conditions=react-server scripts/e2e-server.ts",
      url: `http://127.0.0.1:${PORT}`,
      // the first run builds the app (a minute or more) and migrates the e2e database
      timeout: 600_000,
      reuseExistingServer: !process.env.CI,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
