import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { principleIndexForStep } from "@/lib/cai/principle-sampling";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { createSlRun } from "@/lib/server/runs/kinds/sl";
import { jsonl, tempFile, uniqueName } from "../imports/helpers";
import { importFile } from "@/lib/server/imports/import-file";
import { chainsOf, endpointFor, eventually, fakeProvider, fixtureConstitution, waitForRun } from "./harness";

// The promise, tested with real processes: kill the worker with SIGKILL mid-run, again and
// again, start a new one each time, and the run still ends with exactly one chain of N steps per
// prompt, every call stored before a kill still there, and no call stored twice.

const ROOT = path.resolve(import.meta.dirname, "../..");
const PROMPTS = 20;
const REVISIONS = 4;
const CALLS_PER_PROMPT = 1 + 2 * REVISIONS;

afterAll(() => pgPool().end());

function startWorkerProcess(): { child: ChildProcess; output: () => string } {
  let output = "";
  // node itself, not the tsx launcher: SIGKILL must reach the process doing the work
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, CAI_CLAIM_STALE_SECONDS: "2", CAI_HEARTBEAT_MS: "300", CAI_WORKER_SLOTS: "8", CAI_EXPORT_SLOTS: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function storedCalls(runId: number): Promise<Map<number, string>> {
  const { rows } = await pgPool().query<{ id: number; key: string }>(`SELECT id, "runItemId" || '/' || "callKey" AS key FROM "LlmCall" WHERE "runId" = $1`, [runId]);
  return new Map(rows.map((r) => [r.id, r.key]));
}

describe("a worker killed mid-run", () => {
  it("loses no stored call and duplicates none, however often it is killed", { timeout: 120_000 }, async () => {
    const server = await fakeProvider({ latencyMs: [10, 40] });
    const dataset = uniqueName("kill");
    const file = tempFile("kill.jsonl", jsonl(Array.from({ length: PROMPTS }, (_, i) => ({ prompt: `Question number ${i}: how do I do something risky?` }))));
    const imported = await importFile({ path: file, fileName: "kill.jsonl", dataset });
    const [constitution, endpointId] = await Promise.all([fixtureConstitution(), endpointFor(server)]);
    const { runId } = await createSlRun(
      slRunRequestSchema.parse({
        datasetId: imported.dataset!.id,
        endpointId,
        constitutionVersionId: constitution.versionId,
        revisions: REVISIONS,
        concurrency: 4,
        sampling: { mode: "uniform", seed: 11 },
      }),
    );

    let worker = startWorkerProcess();
    const kept = new Map<number, string>();
    try {
      for (let kill = 1; kill <= 4; kill++) {
        const before = kept.size;
        const calls = await eventually(
          () => storedCalls(runId),
          (c) => c.size >= before + 20,
          60_000,
        );
        worker.child.kill("SIGKILL");
        await new Promise((resolve) => worker.child.once("exit", resolve));
        const afterKill = await storedCalls(runId);
        for (const [id, key] of calls) {
          expect(afterKill.get(id), `call ${key} stored before kill ${kill}`).toBe(key);
          kept.set(id, key);
        }
        worker = startWorkerProcess();
      }
      const status = await waitForRun(runId, ["SUCCEEDED", "FAILED"], 30_000).catch((e) => {
        console.log("WORKER OUTPUT", worker.output());
        throw e;
      });
      expect(status).toBe("SUCCEEDED");
    } finally {
      worker.child.kill("SIGTERM");
      await server.close();
    }

    const calls = await storedCalls(runId);
    for (const [id, key] of kept) expect(calls.get(id)).toBe(key);
    expect(calls.size).toBe(PROMPTS * CALLS_PER_PROMPT);
    expect(new Set(calls.values()).size).toBe(calls.size);

    const chains = await chainsOf(runId);
    expect(chains).toHaveLength(PROMPTS);
    for (const chain of chains) {
      expect(chain.steps.map((s) => s.index)).toEqual([1, 2, 3, 4]);
      const expected = [1, 2, 3, 4].map((step) => constitution.principleIds[principleIndexForStep({ mode: "uniform", seed: 11 }, 3, chain.promptId, step)]);
      expect(chain.steps.map((s) => s.principleId)).toEqual(expected);
    }
    expect(await prisma.response.count({ where: { runId } })).toBe(PROMPTS * (1 + REVISIONS));
    const prompts = await prisma.prompt.findMany({ where: { datasetId: imported.dataset!.id }, select: { chainCount: true } });
    expect(prompts.every((p) => p.chainCount === 1)).toBe(true);
    const items = await prisma.runItem.findMany({ where: { runId }, select: { attempts: true, calls: true } });
    expect(items.every((i) => i.calls === CALLS_PER_PROMPT)).toBe(true);
    // the kills really interrupted work: some items were claimed more than once
    expect(items.some((i) => i.attempts > 1)).toBe(true);
  });
});
