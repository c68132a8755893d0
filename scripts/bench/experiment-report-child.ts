// Times experimentReport in a process of its own, on the database in DATABASE_URL: the studio's
// one pool is made on first use, so the report reads the database it is given whatever the bench
// process did before. argv: PROMPTS REPEATS. Prints one JSON line: {experimentId, buildMs, timesMs}.
import { experimentReport } from "@/lib/server/experiments/report";
import { pgPool } from "@/lib/server/pg";
import { ensureExperimentData } from "./experiment-data";

const [prompts, repeats] = process.argv.slice(2).map(Number);
const pool = pgPool();
const client = await pool.connect();
const built = performance.now();
let experimentId: number;
try {
  experimentId = await ensureExperimentData(client, prompts);
} finally {
  client.release();
}
const buildMs = performance.now() - built;
// one report first, so the cache holds what a report reads (as it does on a page seen twice)
await experimentReport(experimentId);
const timesMs: number[] = [];
for (let i = 0; i < repeats; i++) {
  const started = performance.now();
  await experimentReport(experimentId);
  timesMs.push(performance.now() - started);
}
await pool.end();
console.log(JSON.stringify({ experimentId, buildMs, timesMs }));
