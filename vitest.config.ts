import path from "node:path";
import { defineConfig, type ViteUserConfig } from "vitest/config";
import { chooseTestDatabase } from "./test/setup/test-database.ts";

// Unit tests (lib/**) and integration tests against a real Postgres database that the global setup
// creates and migrates once per run: TEST_DATABASE_URL, else a database of the run's own on the
// server at 127.0.0.1:5432, else (no server answers, or CAI_TEST_EMBEDDED=1) an embedded PGlite
// (test/setup/test-database.ts).
export default defineConfig(async (): Promise<ViteUserConfig> => {
  const database = await chooseTestDatabase();
  return {
    resolve: {
      alias: {
        "@": path.resolve(import.meta.dirname),
        // `import "server-only"` guards the Next bundle; plain Node (tests, CLI) has no such boundary
        "server-only": path.resolve(import.meta.dirname, "test/stubs/server-only.ts"),
      },
    },
    test: {
      include: ["lib/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
      exclude: ["test/smoke/**", "node_modules/**"],
      globalSetup: ["test/setup/global-setup.ts"],
      // a fixed session secret: tests sign in through Better Auth (test/auth/sessions.ts);
      // CAI_TEST_DATABASE tells the tests which kind of database they run on (test/setup/on-server.ts)
      env: {
        DATABASE_URL: database.url,
        CAI_TEST_DATABASE: database.kind,
        BETTER_AUTH_SECRET: "vitest-only-session-secret-4f9c2a7e1b8d3c6f0a5e",
      },
      pool: "forks",
      testTimeout: 30_000,
      hookTimeout: 120_000,
      // VITEST_REPORT: .ci/run keeps the Node 24 run's report beside this one
      reporters: ["default", ["json", { outputFile: process.env.VITEST_REPORT ?? "test-results/vitest.json" }]],
    },
  };
});
