import { execFile } from "node:child_process";
import { createReadStream, createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { importChildNodeArgs } from "../../lib/server/imports/isolated-import";
import { recreateDatabase } from "../../test/setup/test-database";

// The studio's import path against the fastest way Postgres has to take the same rows: the import
// runs in its own process (for its peak memory); its rows are then dumped and loaded with
// COPY ... FROM STDIN, in one transaction, into a second database with the same schema.

const TABLES = ["Dataset", "Import", "Constitution", "ConstitutionVersion", "Principle", "Prompt", "Response", "Chain", "ChainStep"];

export interface ImportFigures {
  importMs: number;
  copyMs: number;
  maxRssMb: number;
  stats: Record<string, number>;
}

export async function benchImport(file: string, importUrl: string, copyUrl: string, workDir: string): Promise<ImportFigures> {
  await recreateDatabase(importUrl);
  await recreateDatabase(copyUrl);
  // both timed phases start right after a checkpoint, so neither pays for the other's WAL
  await checkpoint(importUrl);

  // started as the studio starts an import's child: the same heap limit and flags
  const { stdout } = await promisify(execFile)(process.execPath, [...importChildNodeArgs(), "scripts/bench/import-child.ts", file, "bench"], {
    env: { ...process.env, DATABASE_URL: importUrl },
    maxBuffer: 16 * 1024 * 1024,
  });
  const child = JSON.parse(stdout.trim().split("\n").at(-1)!);

  const dumpDir = path.join(workDir, "copy");
  mkdirSync(dumpDir, { recursive: true });
  const source = new pg.Client({ connectionString: importUrl });
  const target = new pg.Client({ connectionString: copyUrl });
  await Promise.all([source.connect(), target.connect()]);
  try {
    const columns = new Map<string, string>();
    for (const table of TABLES) {
      const { rows } = await source.query<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      );
      columns.set(table, rows.map((r) => `"${r.name}"`).join(", "));
      await pipeline(source.query(copyTo(`COPY (SELECT ${columns.get(table)} FROM "${table}" ORDER BY id) TO STDOUT`)), createWriteStream(path.join(dumpDir, `${table}.tsv`)));
    }
    await target.query("CHECKPOINT");
    const started = performance.now();
    await target.query("BEGIN");
    for (const table of TABLES) {
      await pipeline(createReadStream(path.join(dumpDir, `${table}.tsv`)), target.query(copyFrom(`COPY "${table}" (${columns.get(table)}) FROM STDIN`)));
    }
    await target.query("COMMIT");
    const copyMs = performance.now() - started;
    return { importMs: child.elapsedMs, copyMs, maxRssMb: child.maxRssMb, stats: child.stats };
  } finally {
    await Promise.all([source.end(), target.end()]);
  }
}

async function checkpoint(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("CHECKPOINT");
  await client.end();
}
