import { once } from "node:events";
import path from "node:path";
import pg from "pg";
import { recreateDatabase } from "../../test/setup/test-database";
import type { FakeLlmStats } from "../../test/fake-llm/types";
import { slCaiRun, startProcess, waitForRun } from "./orchestration";

// Endpoint limits across workers (issue 17, part 3; docs/decisions/014). Three worker processes
// (`npm run worker`) run one SL-CAI run on an endpoint of 20 calls at once and 600 a minute, for a
// bit over a minute, against the fake provider (its own process, 50 ms a call), which enforces
// the same limits as a real provider does (429 beyond them) and counts what it sees: the most at
// once, the most within any 60 s, its 429s. Then one worker alone on an endpoint of 20 at once and
// no rate limit (100 ms a call): its calls/s against the ideal, 20 / 100 ms = 200/s. With
// `baselineRoot` (another checkout, e.g. main's, whose limits are each process's own) both are
// measured again with its workers, so what the shared limits change, and that a single worker
// loses no throughput, are numbers.

const ROOT = path.resolve(import.meta.dirname, "../..");
const LIMITS = { maxConcurrency: 20, requestsPerMinute: 600 };
const WORKERS = 3;
const ALONE_LATENCY_MS = 100;
const ALONE_CALLS = 4_000;

export interface SharedLimitsFigures {
  workers: WorkersFigures;
  alone: AloneFigures;
  /** the same with `baselineRoot`'s workers */
  baseline?: { workers: WorkersFigures; alone: AloneFigures };
}

type WorkersFigures = FakeLlmStats & { seconds: number; callsPerSecond: number; leasesLeft: number };

interface AloneFigures {
  calls: number;
  seconds: number;
  callsPerSecond: number;
  ideal: number;
}

export async function benchSharedLimits(databaseUrl: string, { seconds = 70, baselineRoot }: { seconds?: number; baselineRoot?: string } = {}): Promise<SharedLimitsFigures> {
  const workers = await acrossWorkers(databaseUrl, seconds, ROOT);
  const alone = await oneWorker(databaseUrl, ROOT);
  const baseline = baselineRoot ? { workers: await acrossWorkers(databaseUrl, seconds, baselineRoot), alone: await oneWorker(databaseUrl, baselineRoot) } : undefined;
  return { workers, alone, baseline };
}

/** WORKERS workers of the checkout at `root` for `seconds` from the first call the provider sees. */
async function acrossWorkers(databaseUrl: string, seconds: number, root: string): Promise<WorkersFigures> {
  const provider = await fakeProvider(["--latency-ms", "50", "--limit-concurrency", String(LIMITS.maxConcurrency), "--limit-rpm", String(LIMITS.requestsPerMinute)]);
  try {
    await recreateDatabase(databaseUrl);
    process.env.DATABASE_URL = databaseUrl;
    const start = () => startProcess("worker", [path.join(root, "scripts/worker.ts")], { DATABASE_URL: databaseUrl }, root);
    // the first alone: two pg-boss starts migrating a fresh database at once deadlock
    const processes = [start()];
    try {
      await processes[0].firstLine;
      processes.push(...Array.from({ length: WORKERS - 1 }, start));
      await Promise.all(processes.map((worker) => worker.firstLine));
      // more calls than three workers can make in the time: the limits, not the work, set the pace
      await slCaiRun(provider.url, 10 * LIMITS.requestsPerMinute, 40, LIMITS);
      while ((await provider.stats()).received === 0) await sleep(50);
      const started = performance.now();
      await sleep(seconds * 1000);
      const stats = await provider.stats();
      const elapsed = (performance.now() - started) / 1000;
      await Promise.all(processes.map(({ child }) => (child.kill("SIGTERM"), once(child, "exit"))));
      return { ...stats, seconds: elapsed, callsPerSecond: (stats.received - stats.rejected) / elapsed, leasesLeft: await leasesLeft(databaseUrl) };
    } finally {
      for (const { child } of processes) if (child.exitCode === null) child.kill("SIGKILL");
    }
  } finally {
    provider.stop();
  }
}

/** One worker of the checkout at `root` runs ALONE_CALLS calls on an endpoint of 20 at once; timed by the database, as a user waits. */
async function oneWorker(databaseUrl: string, root: string): Promise<AloneFigures> {
  const provider = await fakeProvider(["--latency-ms", String(ALONE_LATENCY_MS)]);
  try {
    await recreateDatabase(databaseUrl);
    process.env.DATABASE_URL = databaseUrl;
    const worker = startProcess("worker", [path.join(root, "scripts/worker.ts")], { DATABASE_URL: databaseUrl }, root);
    try {
      await worker.firstLine;
      const runId = await slCaiRun(provider.url, ALONE_CALLS, 32, { maxConcurrency: LIMITS.maxConcurrency });
      const { calls, seconds } = await waitForRun(databaseUrl, runId);
      return { calls, seconds, callsPerSecond: calls / seconds, ideal: (LIMITS.maxConcurrency * 1000) / ALONE_LATENCY_MS };
    } finally {
      worker.child.kill("SIGTERM");
      await once(worker.child, "exit");
    }
  } finally {
    provider.stop();
  }
}

/** The fake provider as its own process; its stats come from GET /fake/stats. */
async function fakeProvider(args: string[]) {
  const fake = startProcess("fake provider", [path.join(ROOT, "test/fake-llm/main.ts"), "--port", "0", ...args], {});
  const { url } = JSON.parse(await fake.firstLine) as { url: string };
  return {
    url,
    stats: async () => (await (await fetch(`${url}/fake/stats`)).json()) as FakeLlmStats,
    stop: () => fake.child.kill("SIGTERM"),
  };
}

async function leasesLeft(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM "EndpointLease"`);
    return rows[0].count;
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
