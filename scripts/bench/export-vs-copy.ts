import { execFile } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { exportDefinitionSchema, type ExportFileTypeName, type ExportLayoutName } from "../../lib/schemas/exports";
import { exportQuery, selectSqlWithLiterals } from "../../lib/server/exports/query";
import { WORKER_NODE_ARGS } from "../studio/children";

// Issue 7's export bench: the studio's export (a child process, for its own peak memory) against
// `COPY (SELECT ...) TO STDOUT` of the same SELECT (the export's own query: same rows, same
// columns) written to a file, on the bench database. Adds nothing to the database but the saved
// export definitions and their runs.
//
//   SFT         revision "all": every chain step's revision is an answer, one row per step
//               (182,831 chains x 4 steps = 731,324 rows)
//   PREFERENCE  every AI verdict of the bench's labeling run (chart-data.ts made one per pair,
//               182,831), AI decides (humanWins off), flagged pairs kept: one row per verdict
//               selected; verdicts of exactly 0.5 are ties and left out of the file

export interface ExportBenchCase {
  label: string;
  layout: ExportLayoutName;
  fileType: ExportFileTypeName;
  definition: Record<string, unknown>;
}

export const EXPORT_CASES: ExportBenchCase[] = [
  { label: "SFT JSONL", layout: "SFT", fileType: "JSONL", definition: { revision: "all" } },
  { label: "preference JSONL", layout: "PREFERENCE", fileType: "JSONL", definition: { humanWins: false, excludeFlagged: false } },
  // the same SFT rows as Parquet: the encoder's memory is the thing to watch
  { label: "SFT Parquet", layout: "SFT", fileType: "PARQUET", definition: { revision: "all" } },
];

export interface ExportFigures {
  label: string;
  /** rows the query selected (what COPY reads too) */
  selected: number;
  /** rows written (ties and text filters left out) */
  rows: number;
  bytes: number;
  exportMs: number;
  copyMs: number;
  copyBytes: number;
  maxRssMb: number;
}

export async function benchExport(url: string, workDir: string, cases = EXPORT_CASES): Promise<ExportFigures[]> {
  const root = path.join(workDir, "exports");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  try {
    const figures: ExportFigures[] = [];
    for (const c of cases) figures.push(await benchCase(url, root, c));
    return figures;
  } finally {
    // about 1.5 GB of files nobody reads again
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchCase(url: string, root: string, c: ExportBenchCase): Promise<ExportFigures> {
  const copy = await timeCopy(url, c, path.join(root, `copy-${c.layout}-${c.fileType}.tsv`));
  // an export as the studio's worker runs it: the same node flags
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...WORKER_NODE_ARGS, "scripts/bench/export-child.ts", `bench ${c.label}`, c.layout, c.fileType, JSON.stringify(c.definition), root],
    { env: { ...process.env, DATABASE_URL: url }, maxBuffer: 16 * 1024 * 1024 },
  );
  const child = JSON.parse(stdout.trim().split("\n").at(-1)!);
  if (child.status !== "SUCCEEDED") throw new Error(`bench export "${c.label}" ended ${child.status}: ${child.error}`);
  const files = child.files as { rows?: number; bytes: number }[];
  return {
    label: c.label,
    selected: child.selected,
    rows: files.reduce((n, f) => n + (f.rows ?? 0), 0), // the dataset card (README.md) has no rows
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    exportMs: child.elapsedMs,
    copyMs: copy.ms,
    copyBytes: copy.bytes,
    maxRssMb: child.maxRssMb,
  };
}

async function timeCopy(url: string, c: ExportBenchCase, file: string): Promise<{ ms: number; bytes: number }> {
  const definition = exportDefinitionSchema.parse(c.definition);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    let bytes = 0;
    for (const part of exportQuery(c.layout, definition)) {
      const out = createWriteStream(file, { flags: "a" });
      const stream = client.query(copyTo(`COPY (${selectSqlWithLiterals(part)}) TO STDOUT`));
      stream.on("data", (chunk: Buffer) => (bytes += chunk.length));
      await pipeline(stream, out);
    }
    return { ms: performance.now() - started, bytes };
  } finally {
    await client.end();
  }
}
