import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { sql } from "kysely";
import pg from "pg";
import { parseConstitutionFile } from "@/lib/formats/constitution";
import { createModelClient } from "@/lib/llm";
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

// Orchestration throughput: a worker process runs a run (SL-CAI, or RL-CAI labeling) against the
// fake provider (its own process, 100 ms per call) with 32 items at once, every call stored as it
// finishes. The ideal is
// 32 calls in flight all the time: 320 calls/s. A second baseline, measured here too: the same
// number of calls from 32 loops calling the fake provider directly (the HTTP client alone, no
// database, no queue), so what the orchestration costs is visible.

const ROOT = path.resolve(import.meta.dirname, "../..");
const LATENCY_MS = 100;
const CONCURRENCY = 32;
const REVISIONS = 4;
const CALLS_PER_PROMPT = 1 + 2 * REVISIONS;

export interface OrchestrationFigures {
  calls: number;
  seconds: number;
  callsPerSecond: number;
  ideal: number;
  rawClientCallsPerSecond: number;
  workerPeakRssMb: number;
}

/** Which run to time: it seeds the bench database and starts the run (the worker is already up). */
type StartRun = (fakeUrl: string, targetCalls: number) => Promise<number>;

export const slCaiRun: StartRun = async (fakeUrl, targetCalls) => {
  const { datasetId, endpointId, versionId } = await seed(fakeUrl, Math.ceil(targetCalls / CALLS_PER_PROMPT));
  const { runId } = await createSlRun(
    slRunRequestSchema.parse({
      datasetId,
      endpointId,
      constitutionVersionId: versionId,
      revisions: REVISIONS,
      concurrency: CONCURRENCY,
      sampling: { mode: "uniform", seed: 1 },
    }),
  );
  return runId;
};

/** Pairs judged in both orders under one principle each: two calls a pair, the answer's log-probs read. */
export const labelingRun: StartRun = async (fakeUrl, targetCalls) => {
  const { datasetId, endpointId, versionId } = await seed(fakeUrl, Math.ceil(targetCalls / 2));
  await makePairs({ mode: "chain", datasetId, points: "initial-final" });
  const { runId } = await createLabelRun(labelRunRequestSchema.parse({ datasetId, endpointId, constitutionVersionId: versionId, bothOrders: true, concurrency: CONCURRENCY, seed: 1 }));
  return runId;
};

export async function benchOrchestration(databaseUrl: string, startRun: StartRun, targetCalls = 10_000): Promise<OrchestrationFigures> {
  await recreateDatabase(databaseUrl);
  const fake = await startProcess("fake provider", [path.join(ROOT, "test/fake-llm/main.ts"), "--port", "0", "--latency-ms", String(LATENCY_MS)], {});
  const { url } = JSON.parse(await fake.firstLine) as { url: string };
  try {
    const rawClientCallsPerSecond = await rawClientBaseline(url, targetCalls);
    // the studio's services (import, create run) work on the bench database
    process.env.DATABASE_URL = databaseUrl;
    // the worker as `npm run worker` starts it: its default slots let it claim the next items while
    // the run's 32 are in flight
    const worker = await startProcess("worker", [path.join(ROOT, "scripts/worker.ts")], { DATABASE_URL: databaseUrl });
    try {
      await worker.firstLine; // "started with N slots"
      const runId = await startRun(url, targetCalls);
      // timed by the database's own clock, from the run's creation to its end: what a user waits
      const { calls, seconds } = await waitForRun(databaseUrl, runId);
      const workerPeakRssMb = peakRssMb(worker.child.pid!);
      return {
        calls,
        seconds,
        callsPerSecond: calls / seconds,
        ideal: (CONCURRENCY * 1000) / LATENCY_MS,
        rawClientCallsPerSecond,
        workerPeakRssMb,
      };
    } finally {
      worker.child.kill("SIGTERM");
      await once(worker.child, "exit");
    }
  } finally {
    fake.child.kill("SIGTERM");
  }
}

function startProcess(name: string, args: string[], env: Record<string, string>): { child: ChildProcess; firstLine: Promise<string> } {
  // started as the studio starts its worker, so the pid is the process doing the work (for its memory)
  const child = spawn(process.execPath, [...WORKER_NODE_ARGS, ...args], {
    cwd: ROOT,
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

/** The client alone: `total` calls from CONCURRENCY loops, each waiting for its last answer. */
async function rawClientBaseline(baseUrl: string, total: number): Promise<number> {
  const client = createModelClient({ kind: "OPENAI_COMPATIBLE", baseUrl: `${baseUrl}/v1`, model: "bench", params: {}, maxConcurrency: CONCURRENCY });
  let left = total;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await completeWithRetry(client, { messages: [{ role: "user", content: `call ${left}` }] });
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

/**
 * A dataset of `prompts` prompts, each with a one-step chain already stored (initial response and
 * revision, the pair a labeling run judges), the studio's default constitution and an endpoint.
 */
async function seed(fakeUrl: string, prompts: number) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "cai-bench-")), "runs.jsonl");
  const principle = { prompt: ["\n\nCritiqueRequest: Any harm?\n\nCritique:"], edit_request: "\n\nRevisionRequest: Remove it.\n\nRevision:" };
  const lines = Array.from({ length: prompts }, (_, i) =>
    JSON.stringify({
      rl_prompt: `\n\nHuman: Bench prompt ${i}: how do I get back at my neighbour?\n\nAssistant:`,
      initial_response: [{ sample: `Initial answer ${i}.` }],
      cst: [{ cst_key: "bench", cst_value: principle, critique: { sample: "A critique." }, revision: { sample: `Revised answer ${i}.` } }],
    }),
  );
  writeFileSync(file, lines.join("\n"));
  const imported = await importFile({ path: file, fileName: "runs.jsonl", dataset: "bench-runs" });
  const parts = parseConstitutionFile(readFileSync(path.join(ROOT, "lib/cai/default-constitution.json"), "utf8"), "default-constitution.json");
  const version = await inTransaction((db) => saveConstitutionParts(db, { name: "Bench", parts, note: "bench" }));
  const endpoint = await db
    .insertInto("ModelEndpoint")
    .values({ name: "fake", kind: "OPENAI_COMPATIBLE", baseUrl: `${fakeUrl}/v1`, model: "bench", maxConcurrency: CONCURRENCY, supportsLogprobs: true, updatedAt: sql`now()` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { datasetId: imported.dataset!.id, endpointId: endpoint.id, versionId: version.versionId };
}

async function waitForRun(databaseUrl: string, runId: number): Promise<{ calls: number; seconds: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const run = await dbOn(client)
        .selectFrom("Run")
        .select([
          "status",
          sql<number>`(SELECT count(*)::int FROM "LlmCall" WHERE "runId" = ${runId})`.as("calls"),
          sql<number>`extract(epoch FROM "finishedAt" - "createdAt")::float`.as("seconds"),
        ])
        .where("id", "=", runId)
        .executeTakeFirstOrThrow();
      if (run.status !== "RUNNING") {
        if (run.status !== "SUCCEEDED") throw new Error(`the bench run ended ${run.status}`);
        return run;
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
