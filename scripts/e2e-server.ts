// The server Playwright's webServer starts: a freshly made e2e database, a current production
// build, then `next start` on port 3100. Every e2e run starts from an empty, migrated database.
import path from "node:path";
import { recreateDatabase } from "../test/setup/test-database";
import { startChild, stopChildren } from "./studio/children";
import { ensureBuild } from "./studio/ensure-build";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = process.env.E2E_PORT ?? "3100";
const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/cai_studio_e2e";

const env = { ...process.env, DATABASE_URL: E2E_DATABASE_URL, NEXT_TELEMETRY_DISABLED: "1", PORT };

await recreateDatabase(E2E_DATABASE_URL);
await ensureBuild(ROOT, env);
const server = startChild("next start", path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", PORT], { cwd: ROOT, env });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void stopChildren([server]).then(() => process.exit(0)));
}
process.exit(await server.exited);
