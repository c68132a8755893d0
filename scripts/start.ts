// `npm start` (and `npm run dev` with --dev): the studio on DATABASE_URL if it is set, else on
// the embedded database, served from this process. Migrations are applied, the production build
// is made if it is missing or stale, then the Next server and a run worker run until a signal stops
// them; the database closes last, so PGlite's files are consistent on disk.
import path from "node:path";
import { EmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/server/embedded/embedded-database";
import { env as environment } from "../lib/server/env";
import { exitOnEnvironmentProblems } from "../lib/server/setup/start-checks";
import { ensureAuthSecret } from "./studio/auth-secret";
import { startChild, startWebServer, stopChildren, WORKER_NODE_ARGS, type Child } from "./studio/children";
import { ensureBuild } from "./studio/ensure-build";
import { applyMigrations, undoImportsLeftRunning } from "./studio/migrate";
import { waitForHttp } from "./studio/wait-for-http";

const ROOT = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const port = environment.PORT;

let embedded: EmbeddedDatabase | undefined;
// the Next server and one run worker (`npm run worker` adds more)
const children: Child[] = [];
const stopping = new AbortController();

async function shutdown(code: number): Promise<never> {
  if (!stopping.signal.aborted) stopping.abort();
  await stopChildren(children);
  await embedded?.stop();
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping.signal.aborted) return;
    console.log(`\nStopping the studio (${signal})...`);
    void shutdown(0);
  });
}

async function main(): Promise<void> {
  exitOnEnvironmentProblems();
  let databaseUrl = environment.DATABASE_URL;
  if (databaseUrl) {
    console.log(`Database: DATABASE_URL (${describeUrl(databaseUrl)})`);
  } else {
    embedded = await startEmbeddedDatabase();
    databaseUrl = embedded.url;
    console.log(`Database: embedded PGlite in ${displayPath(embedded.paths.pgliteDir)}, on 127.0.0.1:${embedded.port}`);
  }
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: port,
    BETTER_AUTH_SECRET: await ensureAuthSecret(ROOT),
    ...(embedded && { CAI_EMBEDDED: "1" }),
  };

  await applyMigrations(ROOT, databaseUrl, stopping.signal);
  if (embedded) await undoImportsLeftRunning(databaseUrl);
  if (!dev) await ensureBuild(ROOT, env, stopping.signal);
  if (stopping.signal.aborted) return;

  // production: the studio's own web server (Next behind it), which keys the sign-in limit on the
  // real client address; `next dev` is for one developer on this machine
  const next = dev ? startChild("next dev", path.join(ROOT, "node_modules/.bin/next"), ["dev", "-p", port], { cwd: ROOT, env }) : startWebServer(ROOT, env);
  children.push(next);
  children.push(startChild("worker", process.execPath, [...WORKER_NODE_ARGS, "scripts/worker.ts"], { cwd: ROOT, env }));
  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping.signal.aborted) return;
      console.error(`${child.name} exited (code ${code}); stopping the studio.`);
      void shutdown(code || 1);
    });
  }

  if (await waitForHttp(`http://127.0.0.1:${port}/`, () => stopping.signal.aborted)) {
    console.log(`\nCAI Studio is running at http://localhost:${port}  (Ctrl-C stops it)\n`);
  }
}

function displayPath(dir: string): string {
  const relative = path.relative(ROOT, dir);
  return relative.startsWith("..") ? dir : relative;
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "not a URL";
  }
}

main().catch((error: unknown) => {
  if (stopping.signal.aborted) return;
  console.error(error instanceof EmbeddedDatabaseError ? error.message : error);
  void shutdown(1);
});
