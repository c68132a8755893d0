// `prisma migrate deploy` on one database, as a child process (the Prisma CLI reads prisma.config.ts,
// which needs DATABASE_URL) that never blocks the event loop: the caller may be serving the embedded
// database from this very process (npm start, the CLI, the test setup). Kept free of server code so
// the test setup can use it as well as the launchers.
import path from "node:path";
import { run } from "./run.ts";

/** Applies the pending migrations and returns how many it applied; its output is shown only if it fails. */
export async function deployMigrations(root: string, databaseUrl: string, signal?: AbortSignal): Promise<number> {
  const result = await run(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    quiet: true,
    signal,
  });
  if (result.code !== 0) {
    process.stderr.write(result.output);
    throw new Error(`prisma migrate deploy failed (exit ${result.code})`);
  }
  return (result.output.match(/^\s*[└├]─ \d{14}_\w+\/$/gm) ?? []).length;
}
