// Migrations are applied by the Prisma CLI as a child process: it reads prisma.config.ts, which
// needs DATABASE_URL. Its output is shown only if it fails, so a normal start stays quiet.
import path from "node:path";
import { run } from "./run";

export async function applyMigrations(root: string, databaseUrl: string, signal?: AbortSignal): Promise<void> {
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
  const applied = result.output.match(/^\s*[└├]─ \d{14}_\w+\/$/gm) ?? [];
  if (applied.length) console.log(`Applied ${applied.length} database migration${applied.length === 1 ? "" : "s"}.`);
}
