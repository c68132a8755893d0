// `npm run worker`: one more worker for runs and exports, on this machine or another, against the same
// Postgres (DATABASE_URL), or the embedded database of a studio running here. `npm start` already
// runs one. Stop it with Ctrl-C or SIGTERM: it gives its unfinished items back at once.
import { locateEmbeddedDatabase } from "../lib/server/embedded/locate";
import { endpointConfig } from "../lib/server/endpoints/config";
import { env } from "../lib/server/env";
import { exitOnEnvironmentProblems } from "../lib/server/setup/start-checks";
import { studioWorker } from "../lib/server/worker";

async function databaseUrl(): Promise<string> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const located = await locateEmbeddedDatabase();
  if (located.state === "running") {
    process.env.CAI_EMBEDDED = "1";
    return located.info.url;
  }
  throw new Error("No database: set DATABASE_URL to the studio's Postgres, or start the studio here first (npm start) so this worker can use its embedded database.");
}

async function main(): Promise<void> {
  exitOnEnvironmentProblems();
  process.env.DATABASE_URL = await databaseUrl();
  // a worker writes once per finished model call for each of its items at once, and its pg-boss runs
  // on the same pool: connections enough for that on a Postgres server; the embedded database
  // serves 64 connections to every process together
  process.env.CAI_POOL_SIZE ??= process.env.CAI_EMBEDDED ? "11" : "21";
  const worker = studioWorker({
    resolveEndpoint: endpointConfig,
    slots: env.CAI_WORKER_SLOTS,
    staleSeconds: env.CAI_CLAIM_STALE_SECONDS,
    heartbeatMs: env.CAI_HEARTBEAT_MS,
    // 0 for a worker on another machine: export files go to this machine's data directory, and the
    // studio serves downloads from its own
    exportSlots: env.CAI_EXPORT_SLOTS,
  });
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void worker.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await worker.start();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
