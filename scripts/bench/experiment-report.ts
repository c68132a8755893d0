import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ensureDatabase } from "../../test/setup/test-database";

// issue 15: an experiment's report at 10,000 prompts x 2 arms x 4 revisions, every answer scored
// and every pair judged (experiment-data.ts), timed 20 times after one warm-up in a child process
// (experiment-report-child.ts). The synthetic experiment has a dataset of its own in the bench
// database, made once; the database is created and migrated first if it has to be.

export interface ExperimentReportFigures {
  prompts: number;
  buildMs: number;
  p50: number;
  p95: number;
  max: number;
}

export async function benchExperimentReport(url: string, prompts = 10_000, repeats = 20): Promise<ExperimentReportFigures> {
  await ensureDatabase(url);
  const { stdout } = await promisify(execFile)("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/bench/experiment-report-child.ts", String(prompts), String(repeats)], {
    env: { ...process.env, DATABASE_URL: url },
    maxBuffer: 16 * 1024 * 1024,
  });
  const { buildMs, timesMs } = JSON.parse(stdout.trim().split("\n").at(-1)!) as { buildMs: number; timesMs: number[] };
  const sorted = timesMs.toSorted((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { prompts, buildMs, p50: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
}
