import path from "node:path";
import { defineConfig } from "vitest/config";

// The embedded-mode smoke suite (.ci/run runs it after `npm test`): the studio started as a
// newcomer starts it, with no DATABASE_URL and no Postgres server. Slow (a build, migrations,
// restarts), so it is kept out of `npm test`.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "test/stubs/server-only.ts"),
    },
  },
  test: {
    include: ["test/smoke/**/*.smoke.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    // VITEST_REPORT: .ci/run keeps the Node 24 run's report beside this one
    reporters: ["default", ["json", { outputFile: process.env.VITEST_REPORT ?? "test-results/smoke.json" }]],
  },
});
