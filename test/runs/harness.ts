import path from "node:path";
import { afterAll, afterEach } from "vitest";
import { prisma } from "@/lib/server/db";
import { endpointConfig } from "@/lib/server/endpoints/config";
import { importFile } from "@/lib/server/imports/import-file";
import { saveConstitutionParts } from "@/lib/server/constitutions/store";
import { inTransaction, pgPool } from "@/lib/server/pg";
import type { JobWorker as RunWorker } from "@/lib/server/jobs/worker";
import { studioWorker, type StudioWorkerOptions } from "@/lib/server/worker";
import { parseConstitutionFile } from "@/lib/formats/constitution";
import { readFileSync } from "node:fs";
import { startFakeLlmServer, type FakeLlmOptions, type FakeLlmServer } from "../fake-llm";
import { FIXTURES, uniqueName } from "../imports/helpers";

// What an SL-CAI run test needs, made for real: a dataset imported from a fixture, a constitution
// version from the fixture principles, an endpoint row pointing at a fake provider over HTTP.

/**
 * For a test file that starts fake providers and in-process workers: what it starts is stopped
 * after each test, and the pool closed after the file. Workers poll and heartbeat fast, and take a
 * claim back after 3 s. They take no export runs or webhook deliveries unless `exportSlots` or
 * `webhookSlots` says so (other test files' are theirs to work, at their own pace).
 */
export function workerTestbed({
  slots = 16,
  exportSlots = 0,
  webhookSlots = 0,
  webhookPace,
}: { slots?: number; exportSlots?: number; webhookSlots?: number; webhookPace?: StudioWorkerOptions["webhookPace"] } = {}) {
  const servers: FakeLlmServer[] = [];
  const workers: RunWorker[] = [];
  const stopWorkers = () => Promise.all(workers.splice(0).map((w) => w.stop()));
  afterEach(async () => {
    await stopWorkers();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(() => pgPool().end());
  return {
    stopWorkers,
    async provider(options: FakeLlmOptions = {}): Promise<FakeLlmServer> {
      const server = await fakeProvider(options);
      servers.push(server);
      return server;
    },
    /** A worker in this process; `env` is the environment it reads endpoint keys from (default this process's). */
    async startWorker({ env }: { env?: NodeJS.ProcessEnv } = {}): Promise<RunWorker> {
      const worker = studioWorker({ resolveEndpoint: endpointConfig, env, slots, exportSlots, webhookSlots, webhookPace, pollMs: 50, heartbeatMs: 300, staleSeconds: 3, log: () => {} });
      await worker.start();
      workers.push(worker);
      return worker;
    },
  };
}

export async function fakeProvider(options: FakeLlmOptions = {}): Promise<FakeLlmServer> {
  return startFakeLlmServer({ latencyMs: 5, ...options });
}

export async function importedDataset(fixture = "prompts.jsonl"): Promise<{ id: number; name: string; promptIds: number[] }> {
  const name = uniqueName("run-data");
  const result = await importFile({ path: path.join(FIXTURES, fixture), fileName: fixture, dataset: name });
  const prompts = await prisma.prompt.findMany({ where: { datasetId: result.dataset!.id }, select: { id: true }, orderBy: { id: "asc" } });
  return { id: result.dataset!.id, name, promptIds: prompts.map((p) => p.id) };
}

export async function fixtureConstitution(): Promise<{ versionId: number; principleIds: number[] }> {
  const parts = parseConstitutionFile(readFileSync(path.join(FIXTURES, "principles.json"), "utf8"), "principles.json");
  const saved = await inTransaction((db) => saveConstitutionParts(db, { name: uniqueName("Run constitution"), parts, note: "test" }));
  const principles = await prisma.principle.findMany({ where: { versionId: saved.versionId }, orderBy: { position: "asc" }, select: { id: true } });
  return { versionId: saved.versionId, principleIds: principles.map((p) => p.id) };
}

export async function endpointFor(server: FakeLlmServer, overrides: { maxConcurrency?: number; requestsPerMinute?: number | null; apiKeyEnv?: string } = {}): Promise<number> {
  const endpoint = await prisma.modelEndpoint.create({
    data: {
      name: uniqueName("fake"),
      kind: "OPENAI_COMPATIBLE",
      baseUrl: `${server.url}/v1`,
      model: "fake-chat",
      maxConcurrency: overrides.maxConcurrency ?? 8,
      requestsPerMinute: overrides.requestsPerMinute,
      apiKeyEnv: overrides.apiKeyEnv,
    },
  });
  return endpoint.id;
}

/** Polls until the run reaches one of `statuses`; fails with the run's state after `timeoutMs`. */
export async function waitForRun(runId: number, statuses: string[], timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pgPool().query<{ status: string }>(`SELECT status FROM "Run" WHERE id = $1`, [runId]);
    if (statuses.includes(rows[0].status)) return rows[0].status;
    if (Date.now() > deadline) {
      const items = await pgPool().query(`SELECT status, count(*)::int FROM "RunItem" WHERE "runId" = $1 GROUP BY status`, [runId]);
      throw new Error(`run ${runId} is ${rows[0].status} after ${timeoutMs} ms; items: ${JSON.stringify(items.rows)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls a condition (a count, a state) until it holds. */
export async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition still false after ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every chain of a run, with its steps in order. */
export async function chainsOf(runId: number) {
  const { rows } = await pgPool().query<{ promptId: number; chainId: number; steps: { index: number; principleId: number; critique: string; revision: string }[] }>(
    `SELECT c."promptId", c.id AS "chainId",
       coalesce(json_agg(json_build_object('index', s.index, 'principleId', s."principleId", 'critique', s.critique, 'revision', r.text) ORDER BY s.index)
         FILTER (WHERE s.id IS NOT NULL), '[]') AS steps
     FROM "Chain" c LEFT JOIN "ChainStep" s ON s."chainId" = c.id LEFT JOIN "Response" r ON r.id = s."revisionId"
     WHERE c."runId" = $1 GROUP BY c.id ORDER BY c."promptId"`,
    [runId],
  );
  return rows;
}
