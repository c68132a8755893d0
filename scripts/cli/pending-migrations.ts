import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";

// `prisma migrate deploy` takes seconds even with nothing to do, so a command asks the database
// first: the migrations on disk that _prisma_migrations does not list as finished.
export async function pendingMigrations(root: string, url: string): Promise<string[]> {
  const onDisk = readdirSync(path.join(root, "prisma/migrations")).filter((name) => /^\d{14}_/.test(name));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const {
      rows: [table],
    } = await client.query<{ exists: boolean }>(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS exists`);
    if (!table.exists) return onDisk;
    const { rows } = await client.query<{ migration_name: string }>(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    const applied = new Set(rows.map((row) => row.migration_name));
    return onDisk.filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}
