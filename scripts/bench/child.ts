import { execFile } from "node:child_process";
import { promisify } from "node:util";

// A bench part that times the studio's own functions in a process of its own, on the database in
// DATABASE_URL (the studio's one pool is made on first use, so it reads the database it is given
// whatever the bench process did before). The child prints one JSON line last.

export async function runBenchChild<T>(script: string, databaseUrl: string, args: string[] = []): Promise<T> {
  const { stdout } = await promisify(execFile)("node_modules/.bin/tsx", ["--conditions=react-server", script, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}

/** The median, 95th percentile and largest of some times (ms). */
export function spread(timesMs: number[]): { p50: number; p95: number; max: number } {
  const sorted = timesMs.toSorted((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
}
