import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { sql } from "kysely";
import pg from "pg";
import { parseConstitutionFile } from "@/lib/formats/constitution";
import { createModelClient, type EndpointLimits } from "@/lib/llm";
import { completeWithRetry } from "@/lib/llm/retry";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import { saveConstitutionParts } from "@/lib/server/constitutions/store";
import { db, dbOn } from "@/lib/server/db";
import { importFile } from "@/lib/server/imports/import-file";
import { makePairs } from "@/lib/server/labels/pairs";
import { createLabelRun } from "@/lib/server/runs/kinds/label";
import { labelRunRequestSchema } from "@/lib/schemas/labels";
import { inTransaction } from "@/lib/server/pg";
import { createSlRun } from "@/lib/server/runs/kinds/sl";
import { recreateDatabase } from "../../test/setup/test-database";
import { WORKER_NODE_ARGS } from "../studio/children";

// Orchestration throughput: worker processes run a run (SL-CAI, or RL-CAI labeling) against the
// fake provider (its own process, `latencyMs` per call) with `concurrency` items at once in each
// worker, every call stored as it finishes. The ideal is `concurrency` calls in flight in every
// worker all the time. A second baseline, measured here too: the same number of calls from as many
// loops calling the fake provider directly (the HTTP client alone, no database, no queue), so what
// the orchestration costs is visible. At zero latency the run is bound by the studio's own CPU,
// read from /proc for the worker processes and for the Postgres backends serving the run's database.

const ROOT = path.resolve(import.meta.dirname, "../..");
const REVISIONS = 4;
const CALLS_PER_PROMPT = 1 + 2 * REVISIONS;

export interface OrchestrationOptions {
  latencyMs: number;
  /** items at once in each worker (the run's concurrency) */
  concurrency: number;
  targetCalls: number;
  workers: number;
  /** skip the raw client baseline (it only matters once per latency) */
  rawBaseline: boolean;
  /**
   * calls of an untimed run first, so the timed one meets workers as a studio's are, long started:
   * their code compiled and optimised, their connections open (a cold worker's first items take
   * twice as long, which says nothing about how many workers a run can use)
   */
  warmUpCalls: number;
}

const DEFAULTS: OrchestrationOptions = { latencyMs: 100, concurrency: 32, targetCalls: 10_000, workers: 1, rawBaseline: true, warmUpCalls: 0 };

export interface OrchestrationFigures {
  calls: number;
  seconds: number;
  callsPerSecond: number;
  ideal: number;
  rawClientCallsPerSecond: number | null;
  workerPeakRssMb: number;
  /** CPU time per stored call: the worker processes together, and the Postgres backends serving the run's database */
  workerCpuMsPerCall: Cpu;
  postgresCpuMsPerCall: Cpu;
  /** the fake provider's own CPU per call: what one HTTP call needs, measured in the same run */
  providerCpuMsPerCall: Cpu;
  /** items whose calls were made more than once (a call key stored twice is impossible; an item claimed twice is what this counts) */
  itemsWorkedTwice: number;
}

/** Which run to time: it seeds the bench database and starts the run (the worker is already up). */
type StartRun = (fakeUrl: string, targetCalls: number, concurrency: number, limits?: EndpointLimits) => Promise<number>;

export const slCaiRun: StartRun = async (fakeUrl, targetCalls, concurrency, limits) => {
  const { datasetId, endpointId, versionId } = await seed(fakeUrl, Math.ceil(targetCalls / CALLS_PER_PROMPT), limits);
  const { runId } = await createSlRun(
    slRunRequestSchema.parse({
      datasetId,
      endpointId,
      constitutionVersionId: versionId,
      revisions: REVISIONS,
      concurrency,
      sampling: { mode: "uniform", seed: 1 },
    }),
  );
  return runId;
};

/** Pairs judged in both orders under one principle each: two calls a pair, the answer's log-probs read. */
export const labelingRun: StartRun = async (fakeUrl, targetCalls, concurrency) => {
  const { datasetId, endpointId, versionId } = await seed(fakeUrl, Math.ceil(targetCalls / 2));
  await makePairs({ mode: "chain", datasetId, points: "initial-final" });
  const { runId } = await createLabelRun(labelRunRequestSchema.parse({ datasetId, endpointId, constitutionVersionId: versionId, bothOrders: true, concurrency, seed: 1 }));
  return runId;
};

export async function benchOrchestration(databaseUrl: string, startRun: StartRun, options: Partial<OrchestrationOptions> = {}): Promise<OrchestrationFigures> {
  const { latencyMs, concurrency, targetCalls, workers: workerCount, rawBaseline, warmUpCalls } = { ...DEFAULTS, ...options };
  await recreateDatabase(databaseUrl);
  const fake = await startProcess("fake provider", [path.join(ROOT, "test/fake-llm/main.ts"), "--port", "0", "--latency-ms", String(latencyMs)], {});
  const { url } = JSON.parse(await fake.firstLine) as { url: string };
  try {
    const rawClientCallsPerSecond = rawBaseline ? await rawClientBaseline(url, targetCalls, concurrency) : null;
    // the studio's services (import, create run) work on the bench database
    process.env.DATABASE_URL = databaseUrl;
    // workers as `npm run worker` starts them: their default slots let them claim the next items
    // while the run's are in flight
    const workers = Array.from({ length: workerCount }, (_, i) => startProcess(`worker ${i + 1}`, [path.join(ROOT, "scripts/worker.ts")], { DATABASE_URL: databaseUrl }));
    try {
      await Promise.all(workers.map((w) => w.firstLine)); // "started with N slots"
      if (warmUpCalls > 0) await waitForRun(databaseUrl, await startRun(url, warmUpCalls, concurrency));
      const postgres = new PostgresCpu(databaseUrl);
      await postgres.start();
      const workerCpuBefore = sum(workers.map((w) => cpuMs(w.child.pid!)));
      const providerCpuBefore = cpuMs(fake.child.pid!);
      const runId = await startRun(url, targetCalls, concurrency);
      // timed by the database's own clock, from the run's creation to its end: what a user waits
      const { calls, seconds } = await waitForRun(databaseUrl, runId);
      const workerCpu = minus(sum(workers.map((w) => cpuMs(w.child.pid!))), workerCpuBefore);
      const postgresCpu = await postgres.end();
      const providerCpu = minus(cpuMs(fake.child.pid!), providerCpuBefore);
      return {
        calls,
        seconds,
        callsPerSecond: calls / seconds,
        ideal: (workerCount * concurrency * 1000) / Math.max(latencyMs, 1),
        rawClientCallsPerSecond,
        workerPeakRssMb: Math.max(...workers.map((w) => peakRssMb(w.child.pid!))),
        workerCpuMsPerCall: perCall(workerCpu, calls),
        postgresCpuMsPerCall: perCall(postgresCpu, calls),
        providerCpuMsPerCall: perCall(providerCpu, calls),
        itemsWorkedTwice: await itemsWorkedTwice(databaseUrl, runId),
      };
    } finally {
      for (const w of workers) w.child.kill("SIGTERM");
      await Promise.all(workers.map((w) => once(w.child, "exit")));
    }
  } finally {
    fake.child.kill("SIGTERM");
  }
}

/** A node process of the checkout at `root` (this one unless given), as the studio starts its worker. */
export function startProcess(name: string, args: string[], env: Record<string, string>, root = ROOT): { child: ChildProcess; firstLine: Promise<string> } {
  // started as the studio starts its worker, so the pid is the process doing the work (for its memory)
  // BENCH_PROFILE=<dir>: each worker writes a V8 CPU profile there as it exits (open it in Chrome's DevTools)
  const profile = process.env.BENCH_PROFILE && name.startsWith("worker") ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...WORKER_NODE_ARGS, ...profile, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
  });
  return { child, firstLine };
}

/** The client alone: `total` calls from `concurrency` loops, each waiting for its last answer. */
async function rawClientBaseline(baseUrl: string, total: number, concurrency: number): Promise<number> {
  const client = createModelClient({ kind: "OPENAI_COMPATIBLE", baseUrl: `${baseUrl}/v1`, model: "bench", params: {}, maxConcurrency: concurrency });
  let left = total;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await completeWithRetry(client, { messages: [{ role: "user", content: `call ${left}` }] });
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

/**
 * A dataset of `prompts` prompts, each with a one-step chain already stored (initial response and
 * revision, the pair a labeling run judges), the studio's default constitution and an endpoint.
 */
let seeded = 0;

async function seed(fakeUrl: string, prompts: number, limits: EndpointLimits = { maxConcurrency: 1000 }) {
  // each run its own dataset and endpoint: a warm-up run's prompts are in no timed run
  const n = ++seeded;
  const file = path.join(mkdtempSync(path.join(tmpdir(), "cai-bench-")), "runs.jsonl");
  const principle = { prompt: ["\n\nCritiqueRequest: Any harm?\n\nCritique:"], edit_request: "\n\nRevisionRequest: Remove it.\n\nRevision:" };
  const lines = Array.from({ length: prompts }, (_, i) =>
    JSON.stringify({
      rl_prompt: `\n\nHuman: Bench prompt ${n}.${i}: how do I get back at my neighbour?\n\nAssistant:`,
      initial_response: [{ sample: `Initial answer ${i}.` }],
      cst: [{ cst_key: "bench", cst_value: principle, critique: { sample: "A critique." }, revision: { sample: `Revised answer ${i}.` } }],
    }),
  );
  writeFileSync(file, lines.join("\n"));
  const imported = await importFile({ path: file, fileName: "runs.jsonl", dataset: `bench-runs-${n}` });
  const parts = parseConstitutionFile(readFileSync(path.join(ROOT, "lib/cai/default-constitution.json"), "utf8"), "default-constitution.json");
  const version = await inTransaction((db) => saveConstitutionParts(db, { name: "Bench", parts, note: "bench" }));
  const endpoint = await db
    .insertInto("ModelEndpoint")
    .values({ name: `fake ${n}`, kind: "OPENAI_COMPATIBLE", baseUrl: `${fakeUrl}/v1`, model: "bench", ...limits, supportsLogprobs: true, updatedAt: sql`now()` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { datasetId: imported.dataset!.id, endpointId: endpoint.id, versionId: version.versionId };
}

export async function waitForRun(databaseUrl: string, runId: number): Promise<{ calls: number; seconds: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      // the status alone while it runs: counting the calls each time would add to the backends' CPU
      const run = await dbOn(client)
        .selectFrom("Run")
        .select(["status", sql<number>`extract(epoch FROM "finishedAt" - "createdAt")::float`.as("seconds")])
        .where("id", "=", runId)
        .executeTakeFirstOrThrow();
      if (run.status !== "RUNNING") {
        if (run.status !== "SUCCEEDED") throw new Error(`the bench run ended ${run.status}`);
        const { calls } = await dbOn(client)
          .selectFrom("LlmCall")
          .select(sql<number>`count(*)::int`.as("calls"))
          .where("runId", "=", runId)
          .executeTakeFirstOrThrow();
        return { calls, seconds: run.seconds };
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

/** The process's own high-water mark of resident memory, from the kernel. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

/** CPU time a process has used so far in user and in system (kernel) mode, from the kernel, in ms. */
function cpuMs(pid: number): Cpu {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // the fields after the command name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: (Number(fields[11]) * 1000) / CLOCK_TICKS, system: (Number(fields[12]) * 1000) / CLOCK_TICKS };
}

export interface Cpu {
  user: number;
  system: number;
}

// the kernel's USER_HZ, 100 on Linux on every architecture the studio runs on
const CLOCK_TICKS = 100;

function sum(values: Cpu[]): Cpu {
  return values.reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }), { user: 0, system: 0 });
}

function minus(a: Cpu, b: Cpu): Cpu {
  return { user: a.user - b.user, system: a.system - b.system };
}

/** A CPU time per stored call. */
function perCall(cpu: Cpu, calls: number): Cpu {
  return { user: cpu.user / calls, system: cpu.system / calls };
}

/**
 * The CPU of the Postgres backends serving one database (the workers' connections and the
 * services the bench calls), from /proc: the same machine runs Postgres. A backend that closes
 * during the run takes its time with it, so the figure is a floor; the workers' pools keep theirs.
 */
class PostgresCpu {
  private readonly client: pg.Client;
  private readonly before = new Map<number, Cpu>();

  constructor(databaseUrl: string) {
    this.client = new pg.Client({ connectionString: databaseUrl });
  }

  async start(): Promise<void> {
    await this.client.connect();
    for (const pid of await this.backends()) this.before.set(pid, cpuMs(pid));
  }

  async end(): Promise<Cpu> {
    try {
      const pids = await this.backends();
      return minus(sum(pids.map(cpuMs)), sum(pids.map((pid) => this.before.get(pid) ?? { user: 0, system: 0 })));
    } finally {
      await this.client.end();
    }
  }

  private async backends(): Promise<number[]> {
    const { rows } = await this.client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    return rows.map((r) => r.pid);
  }
}

/** Items claimed more than once although no worker died: each claim counts an attempt. */
async function itemsWorkedTwice(databaseUrl: string, runId: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RunItem" WHERE "runId" = $1 AND attempts > 1`, [runId]);
    return rows[0].n;
  } finally {
    await client.end();
  }
}
