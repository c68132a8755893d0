import { spawn, type ChildProcess } from "node:child_process";
import { once, setMaxListeners } from "node:events";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createModelClient, EndpointLimiter, LlmError, withLimiter, type EndpointLimits, type ModelClient } from "@/lib/llm";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import { prisma } from "@/lib/server/db";
import { SharedLimits } from "@/lib/server/endpoints/shared-limit";
import { importFile } from "@/lib/server/imports/import-file";
import { pgPool } from "@/lib/server/pg";
import { cancelRun } from "@/lib/server/runs/control";
import { createSlRun } from "@/lib/server/runs/kinds/sl";
import { startFakeLlmServer, type FakeLlmOptions, type FakeLlmServer } from "../fake-llm";
import { openAiEndpoint } from "../fake-llm/endpoints";
import { jsonl, tempFile, uniqueName } from "../imports/helpers";
import { endpointFor, eventually, fixtureConstitution } from "../runs/harness";
import { ON_EMBEDDED_DATABASE } from "../setup/on-server";

// An endpoint's limits hold across every worker on the database (docs/decisions/014): what the
// provider sees, counted by the fake provider itself, with workers as separate processes running a
// real run, or as "workers" in this process, each with a pool of its own, calling through the
// limiter each worker builds (lib/server/endpoints/shared-limit.ts).

const ROOT = path.resolve(import.meta.dirname, "../..");

const servers: FakeLlmServer[] = [];
const workers: { limits: SharedLimits; pool: pg.Pool }[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await Promise.all(workers.splice(0).map(({ limits, pool }) => limits.close().finally(() => pool.end().catch(() => {}))));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => pgPool().end());

async function provider(options: FakeLlmOptions): Promise<FakeLlmServer> {
  const server = await startFakeLlmServer({ recordRequests: false, ...options });
  servers.push(server);
  return server;
}

/** A provider answering in `latencyMs`, and an endpoint on it of 20 calls at once. */
async function endpointOf20(latencyMs: number) {
  const server = await provider({ latencyMs });
  const limits = { maxConcurrency: 20 };
  return { server, limits, endpointId: await endpointFor(server, limits) };
}

/** Waits until the provider answers `count` requests at once. */
function untilInFlight(server: FakeLlmServer, count: number, timeoutMs?: number) {
  return eventually(
    async () => server.stats().inFlight,
    (inFlight) => inFlight === count,
    timeoutMs,
  );
}

/** A worker in this process, as far as limits go: its own id, its own pool, its limiter for the endpoint. */
function worker(name: string, options: { staleMs?: number; log?: (message: string) => void } = {}) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  const limits = new SharedLimits({ workerId: uniqueName(name), log: options.log ?? (() => {}), pool, staleMs: options.staleMs });
  workers.push({ limits, pool });
  return {
    limits,
    pool,
    /** The worker's client for the endpoint, through its limiter. */
    client(server: FakeLlmServer, endpointId: number, endpointLimits: EndpointLimits): ModelClient {
      return withLimiter(createModelClient(openAiEndpoint(server, endpointLimits)), limits.limiter(endpointId, endpointLimits));
    },
  };
}

/**
 * `loops` callers, each calling again as soon as its last call ends, until `stop` aborts; answers
 * the calls made. The calls then waiting or in flight end as they would, or with `cancel` at once.
 */
async function callLoops(client: ModelClient, loops: number, stop: AbortSignal, { cancel = false } = {}): Promise<number> {
  setMaxListeners(loops * 4, stop);
  let calls = 0;
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (!stop.aborted) {
        try {
          await client.complete({ messages: [{ role: "user", content: `loop ${loop}` }], signal: cancel ? stop : undefined });
          calls++;
        } catch (error) {
          if (!(error instanceof LlmError && error.kind === "cancelled")) throw error;
        }
      }
    }),
  );
  return calls;
}

/** `total` calls from `loops` callers, each waiting for its last answer; answers the calls a second. */
async function callRate(client: ModelClient, loops: number, total: number): Promise<number> {
  let left = total;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (left-- > 0) await client.complete({ messages: [{ role: "user", content: `call ${left}` }] });
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

const after = (ms: number) => AbortSignal.timeout(ms);

describe("an endpoint's limits, across workers", () => {
  it(
    "with three worker processes on a run, the provider never sees more than 20 at once or 600 in the first minute, and answers no 429",
    // three worker processes start in seconds, or in a minute on a machine as busy as CI's can be
    { timeout: 240_000 },
    async () => {
      const server = await provider({ latencyMs: 50, providerLimits: { concurrency: 20, requestsPerMinute: 600 } });
      const endpointId = await endpointFor(server, { maxConcurrency: 20, requestsPerMinute: 600 });
      const runId = await bigRun(endpointId, 300);
      try {
        for (let index = 0; index < 3; index++) children.push(startWorkerProcess());
        await eventually(
          async () => server.stats().received,
          (received) => received > 0,
          150_000,
        );
        // unlimited, three workers of 40 items each at 50 ms a call would send thousands by now
        await new Promise((resolve) => setTimeout(resolve, 8_000));
        const stats = server.stats();
        expect(stats.maxInFlight).toBeLessThanOrEqual(20);
        expect(stats.received).toBeLessThanOrEqual(600);
        expect(stats.rejected).toBe(0);
        // and the limit is used, not starved: most of the minute's 600 went out at once
        expect(stats.received).toBeGreaterThan(300);
        expect(stats.maxInFlight).toBeGreaterThanOrEqual(15);

        // stopping gives the slots back at once: no lease is left behind to go stale
        await Promise.all(children.map((child) => (child.kill("SIGTERM"), once(child, "exit"))));
        expect(await prisma.endpointLease.count({ where: { endpointId } })).toBe(0);
      } finally {
        await cancelRun(runId);
      }
    },
  );

  it("with three workers in one process, each with its own pool: at most 20 at once, 600 a minute, no 429", { timeout: 60_000 }, async () => {
    const server = await provider({ latencyMs: 50, providerLimits: { concurrency: 20, requestsPerMinute: 600 } });
    const limits = { maxConcurrency: 20, requestsPerMinute: 600 };
    const endpointId = await endpointFor(server, limits);
    const stop = after(8_000);
    const calls = await Promise.all(["a", "b", "c"].map((name) => callLoops(worker(name).client(server, endpointId, limits), 40, stop, { cancel: true })));
    const stats = server.stats();
    expect(stats.maxInFlight).toBeLessThanOrEqual(20);
    expect(stats.received).toBeLessThanOrEqual(600);
    expect(stats.rejected).toBe(0);
    expect(stats.received).toBeGreaterThan(300);
    // every worker had its part
    expect(Math.min(...calls)).toBeGreaterThan(50);
  });

  it("lets one worker alone reach the limit: as many calls a second as the limiter on its own", { timeout: 60_000 }, async () => {
    const { server, limits, endpointId } = await endpointOf20(50);
    const local = withLimiter(createModelClient(openAiEndpoint(server, limits)), new EndpointLimiter(limits));
    const shared = worker("alone").client(server, endpointId, limits);
    // warm both (connections, the lease), then alternate, so a busy machine slows both alike
    await callRate(local, 40, 100);
    await callRate(shared, 40, 100);
    const rates = { local: [] as number[], shared: [] as number[] };
    for (let round = 0; round < 3; round++) {
      rates.local.push(await callRate(local, 40, 800));
      rates.shared.push(await callRate(shared, 40, 800));
    }
    console.log(`calls/s with the local limiter ${rates.local.map(Math.round)}, shared ${rates.shared.map(Math.round)} (ideal 400)`);
    expect(Math.max(...rates.shared)).toBeGreaterThanOrEqual(0.95 * Math.max(...rates.local));
    expect(server.stats().maxInFlight).toBe(20);
  });

  it("gives a stopping worker's slots to the others at once", { timeout: 60_000 }, async () => {
    const { server, limits, endpointId } = await endpointOf20(200);
    const first = worker("first");
    const second = worker("second");
    const stopFirst = new AbortController();
    const firstCalls = callLoops(first.client(server, endpointId, limits), 40, stopFirst.signal);
    await untilInFlight(server, 20);
    const stopSecond = new AbortController();
    const secondCalls = callLoops(second.client(server, endpointId, limits), 40, stopSecond.signal);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    stopFirst.abort();
    await firstCalls;
    await first.limits.close();
    const closedAt = performance.now();
    await untilInFlight(server, 20);
    // the next renewal of the second, not the ten seconds a dead worker's lease takes to go stale
    expect(performance.now() - closedAt).toBeLessThan(1_500);
    expect(server.stats().maxInFlight).toBe(20);
    stopSecond.abort();
    await secondCalls;
  });

  it("counts a dead worker's lease until it is stale, then no more", { timeout: 60_000 }, async () => {
    const { server, limits, endpointId } = await endpointOf20(200);
    const holder = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/endpoints/lease-holder.ts", String(endpointId), server.url], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(holder);
    await untilInFlight(server, 20, 30_000);
    holder.kill("SIGKILL");
    await once(holder, "exit");
    const killedAt = performance.now();

    const survivor = worker("survivor", { staleMs: 2_000 });
    const stop = new AbortController();
    const calls = callLoops(survivor.client(server, endpointId, limits), 40, stop.signal);
    // its lease was renewed less than a second before the kill: it holds all 20 for a while yet
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(server.stats().inFlight).toBe(0);
    await untilInFlight(server, 20);
    expect(performance.now() - killedAt).toBeLessThan(2_000 + 1_500);
    stop.abort();
    await calls;
  });

  it("stops starting calls once a worker has lost the database long enough for its lease to lapse, and says so", { timeout: 60_000 }, async () => {
    const { server, limits, endpointId } = await endpointOf20(100);
    const said: string[] = [];
    const cut = worker("cut-off", { staleMs: 2_000, log: (message) => said.push(message) });
    const stop = new AbortController();
    const calls = callLoops(cut.client(server, endpointId, limits), 40, stop.signal, { cancel: true });
    await untilInFlight(server, 20);
    await cut.pool.end();
    const lostAt = performance.now();
    // its lease lasts half the staleness after its last renewal began: a second at most
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const received = server.stats().received;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(server.stats().received).toBe(received);
    expect(server.stats().inFlight).toBe(0);
    expect(performance.now() - lostAt).toBeLessThan(10_000);
    expect(said.join("\n")).toMatch(/could not renew this worker's share of its limits .*starts no new call/);
    stop.abort();
    await calls;
  });
});

/** An SL-CAI run of `prompts` prompts on the endpoint, 40 items at once per worker. */
async function bigRun(endpointId: number, prompts: number): Promise<number> {
  const file = tempFile("shared.jsonl", jsonl(Array.from({ length: prompts }, (_, i) => ({ prompt: `Question ${i}: how do I do something risky?` }))));
  const imported = await importFile({ path: file, fileName: "shared.jsonl", dataset: uniqueName("shared") });
  const constitution = await fixtureConstitution();
  const { runId } = await createSlRun(
    slRunRequestSchema.parse({
      datasetId: imported.dataset!.id,
      endpointId,
      constitutionVersionId: constitution.versionId,
      revisions: 4,
      concurrency: 40,
      sampling: { mode: "uniform", seed: 3 },
    }),
  );
  return runId;
}

function startWorkerProcess(): ChildProcess {
  // node itself, not the tsx launcher: the signal must reach the process doing the work
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    // on the embedded database, connections enough for three workers and this process within its 64
    env: { ...process.env, CAI_WORKER_SLOTS: "40", CAI_EXPORT_SLOTS: "0", ...(ON_EMBEDDED_DATABASE && { CAI_POOL_SIZE: "10" }) },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
