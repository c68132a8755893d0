import { describe, expect, it } from "vitest";
import { principleIndexForStep } from "@/lib/cai/principle-sampling";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { cancelRun, pauseRun, resumeRun, retryFailedItems } from "@/lib/server/runs/control";
import { createSlRun } from "@/lib/server/runs/kinds/sl";
import { runProgress } from "@/lib/server/runs/progress";
import { chainsOf, endpointFor, eventually, fakeProvider, fixtureConstitution, importedDataset, waitForRun, workerTestbed } from "./harness";

const { provider, startWorker } = workerTestbed();

async function setup(serverOptions: Parameters<typeof fakeProvider>[0] = {}) {
  const server = await provider(serverOptions);
  const [dataset, constitution, endpointId] = await Promise.all([importedDataset(), fixtureConstitution(), endpointFor(server)]);
  const request = (overrides: Record<string, unknown> = {}) => slRunRequestSchema.parse({ datasetId: dataset.id, endpointId, constitutionVersionId: constitution.versionId, ...overrides });
  return { server, dataset, constitution, endpointId, request };
}

async function callsOf(runId: number) {
  const { rows } = await pgPool().query<{ runItemId: number; callKey: string }>(`SELECT "runItemId", "callKey" FROM "LlmCall" WHERE "runId" = $1 ORDER BY id`, [runId]);
  return rows;
}

describe("an SL-CAI run", () => {
  it("gives every prompt one chain of N critique-revision steps and stores every call", async () => {
    const { server, dataset, constitution, request } = await setup();
    await startWorker();
    const { runId, items } = await createSlRun(request({ revisions: 2, sampling: { mode: "fixed" } }));
    expect(items).toBe(5);
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");

    const chains = await chainsOf(runId);
    expect(chains.map((c) => c.promptId)).toEqual(dataset.promptIds);
    for (const chain of chains) {
      expect(chain.steps.map((s) => s.index)).toEqual([1, 2]);
      expect(chain.steps.map((s) => s.principleId)).toEqual(constitution.principleIds.slice(0, 2));
      expect(chain.steps.every((s) => s.critique.length > 0 && s.revision.length > 0)).toBe(true);
    }
    // the prompt that came with an answer starts from it: no "initial" call for it
    const calls = await callsOf(runId);
    expect(calls).toHaveLength(4 * 5 + 1 * 4);
    expect(new Set(calls.map((c) => `${c.runItemId}/${c.callKey}`)).size).toBe(calls.length);
    const reused = await prisma.chain.findFirstOrThrow({ where: { runId, initialResponse: { origin: "IMPORTED" } }, include: { initialResponse: true } });
    expect(reused.initialResponse.text).toBe("Speculation, margin debt and bank failures.");

    // the model saw the principle's critique request after its own answer, then the revision request
    const principle = await prisma.principle.findUniqueOrThrow({ where: { id: constitution.principleIds[0] } });
    const critiqueCall = server.requests.find((r) => JSON.stringify(r.body).includes(principle.critiqueRequest!));
    const messages = (critiqueCall!.body as { messages: { role: string; content: string }[] }).messages;
    expect(messages.at(-1)).toEqual({ role: "user", content: principle.critiqueRequest });
    expect(messages.at(-2)?.role).toBe("assistant");

    const prompts = await prisma.prompt.findMany({ where: { datasetId: dataset.id }, select: { chainCount: true } });
    expect(prompts.every((p) => p.chainCount === 1)).toBe(true);
    const progress = await runProgress(runId);
    expect(progress).toMatchObject({ total: 5, done: 5, failed: 0, pending: 0, calls: 24, etaSeconds: 0 });
    expect(progress.completionTokens).toBeGreaterThan(0);
  });

  it("draws each step's principle from the recorded seed, so the draws can be replayed", async () => {
    const { dataset, constitution, request } = await setup();
    await startWorker();
    const { runId } = await createSlRun(request({ revisions: 3, sampling: { mode: "uniform", seed: 7 } }));
    await waitForRun(runId, ["SUCCEEDED"]);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect((run.config as { sampling: unknown }).sampling).toEqual({ mode: "uniform", seed: 7 });
    for (const chain of await chainsOf(runId)) {
      const expected = [1, 2, 3].map((step) => constitution.principleIds[principleIndexForStep({ mode: "uniform", seed: 7 }, 3, chain.promptId, step)]);
      expect(chain.steps.map((s) => s.principleId)).toEqual(expected);
    }
    expect(dataset.promptIds).toHaveLength(5);
  });

  it("retries a 429 and fails only the item whose call got a 401; retrying failed items finishes the run", async () => {
    const { request } = await setup({ failNext: [{ kind: "429", retryAfterMs: 20 }, "401"] });
    await startWorker();
    const { runId } = await createSlRun(request({ revisions: 1, concurrency: 1 }));
    await waitForRun(runId, ["SUCCEEDED"]);
    const progress = await runProgress(runId);
    expect(progress).toMatchObject({ done: 4, failed: 1 });
    expect(progress.recentErrors.map((e) => [e.kind, e.count, e.retried]).sort()).toEqual([
      ["auth", 1, 0],
      ["rate_limit", 1, 1],
    ]);
    const failed = await prisma.runItem.findFirstOrThrow({ where: { runId, status: "FAILED" } });
    expect(failed.errorKind).toBe("auth");
    expect(failed.error).toMatch(/401/);

    await retryFailedItems(runId);
    await waitForRun(runId, ["SUCCEEDED"]);
    expect(await runProgress(runId)).toMatchObject({ done: 5, failed: 0 });
    expect(await chainsOf(runId)).toHaveLength(5);
  });

  it("stops calling the model when paused, and resumes from where each prompt stopped", async () => {
    const { request } = await setup({ latencyMs: 40 });
    await startWorker();
    const { runId } = await createSlRun(request({ revisions: 4, concurrency: 2, sampling: { mode: "fixed" } }));
    await eventually(
      () => callsOf(runId),
      (calls) => calls.length >= 6,
    );
    await pauseRun(runId);
    await eventually(
      async () => (await runProgress(runId)).claimed,
      (claimed) => claimed === 0,
    );
    const atPause = (await callsOf(runId)).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await callsOf(runId)).length).toBe(atPause);
    expect(atPause).toBeLessThan(4 * 9 + 8);

    await resumeRun(runId);
    await waitForRun(runId, ["SUCCEEDED"]);
    const chains = await chainsOf(runId);
    expect(chains).toHaveLength(5);
    for (const chain of chains) expect(chain.steps.map((s) => s.index)).toEqual([1, 2, 3, 4]);
    const calls = await callsOf(runId);
    expect(calls).toHaveLength(4 * 9 + 8);
    expect(new Set(calls.map((c) => `${c.runItemId}/${c.callKey}`)).size).toBe(calls.length);
  });

  it("keeps what was done when cancelled and works no further", async () => {
    const { request } = await setup({ latencyMs: 40 });
    await startWorker();
    const { runId } = await createSlRun(request({ revisions: 4, concurrency: 1 }));
    await eventually(
      () => callsOf(runId),
      (calls) => calls.length >= 3,
    );
    await cancelRun(runId);
    expect(await waitForRun(runId, ["CANCELLED"])).toBe("CANCELLED");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const afterCancel = (await callsOf(runId)).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await callsOf(runId)).length).toBe(afterCancel);
    expect(afterCancel).toBeGreaterThanOrEqual(3);
    const progress = await runProgress(runId);
    expect(progress.pending + progress.claimed).toBe(0);
    expect(progress.cancelled).toBeGreaterThan(0);
  });

  it("sends the paper's raw Human:/Assistant: text to a completions endpoint", async () => {
    const { server, request } = await setup();
    await startWorker();
    const { runId } = await createSlRun(request({ revisions: 1, promptFormat: "raw", reuseExistingResponse: false }));
    await waitForRun(runId, ["SUCCEEDED"]);
    const raw = server.requests.filter((r) => r.path === "/v1/completions").map((r) => r.body as { prompt: string; max_tokens: number });
    expect(raw).toHaveLength(5 * 3);
    expect(raw.some((b) => b.prompt.endsWith("\n\nCritique:"))).toBe(true);
    expect(raw.some((b) => b.prompt.endsWith("\n\nRevision:"))).toBe(true);
    expect(raw.every((b) => b.max_tokens === 512)).toBe(true);
  });

  it("refuses a run whose settings do not fit together, naming the field", async () => {
    const { request } = await setup();
    await expect(createSlRun(request({ fewShot: true }))).rejects.toThrow("fewShot: this constitution version has no critique-revision few-shot examples");
    await expect(createSlRun(request({ filter: { tag: "no-such-tag" } }))).rejects.toThrow("No prompt of the dataset matches the run's filter");
    await expect(createSlRun(request({ endpointId: 999999 }))).rejects.toThrow("endpointId: there is no endpoint 999999");
  });
});
