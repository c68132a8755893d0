import { describe, expect, it } from "vitest";
import { scoreRunRequestSchema } from "@/lib/schemas/scores";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import { prisma } from "@/lib/server/db";
import { testEndpoint } from "@/lib/server/endpoints/test-endpoint";
import { makePairs } from "@/lib/server/labels/pairs";
import { pgPool } from "@/lib/server/pg";
import { pauseRun, resumeRun } from "@/lib/server/runs/control";
import { createSlRun } from "@/lib/server/runs/kinds/sl";
import { runProgress } from "@/lib/server/runs/progress";
import { createScoreRun } from "@/lib/server/runs/kinds/score";
import { POST } from "@/app/api/scores/runs/route";
import { requestWithSession, sessionFor } from "../auth/sessions";
import { runCli } from "../cli/run-cli";
import { uniqueName } from "../imports/helpers";
import { eventually, fakeProvider, fixtureConstitution, importedDataset, waitForRun, workerTestbed } from "../runs/harness";

// Scoring runs against the fake scorer over real HTTP, in vLLM's wire formats: every response of a
// dataset's chains (or pairs) scored once, stored as ENDPOINT scores of the run, through the same
// queue, claims, retries and resume as every run.

const { provider, startWorker, stopWorkers } = workerTestbed();

async function setup(serverOptions: Parameters<typeof fakeProvider>[0] = {}, scoreFormat = "vllm-pooling", path = "") {
  const server = await provider(serverOptions);
  const dataset = await importedDataset("sl-chains.jsonl");
  const name = uniqueName("reward-model");
  const endpoint = await prisma.modelEndpoint.create({
    data: { name, kind: "SCORER", baseUrl: `${server.url}${path}`, model: "fake-rm", params: { scoreFormat } },
  });
  return { server, dataset, endpoint };
}

/** The chains' responses (initial answers and revisions) of a dataset, with their texts. */
async function chainResponses(datasetId: number) {
  const { rows } = await pgPool().query<{ id: number; text: string }>(
    `SELECT r.id, r.text FROM "Response" r JOIN "Prompt" p ON p.id = r."promptId"
     WHERE p."datasetId" = $1 AND r.origin IN ('INITIAL', 'REVISION') ORDER BY r.id`,
    [datasetId],
  );
  return rows;
}

async function scoresOf(runId: number) {
  return prisma.score.findMany({ where: { runId }, orderBy: { responseId: "asc" } });
}

async function callsOf(runId: number) {
  return prisma.llmCall.findMany({ where: { runId }, select: { runItemId: true, callKey: true, request: true, reply: true } });
}

describe("a scoring run", () => {
  it("scores every chain response once through vLLM's /pooling, retrying a 500", async () => {
    const { server, dataset, endpoint } = await setup({ failNext: ["500"] });
    await startWorker();
    const { runId, items } = await createScoreRun(scoreRunRequestSchema.parse({ datasetId: dataset.id, endpointId: endpoint.id, over: "chains", concurrency: 1 }));
    expect(items).toBe(3);
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");

    const responses = await chainResponses(dataset.id);
    expect(responses).toHaveLength(10);
    const scores = await scoresOf(runId);
    expect(scores.map((s) => s.responseId)).toEqual(responses.map((r) => r.id));
    for (const [i, score] of scores.entries()) {
      expect(score).toMatchObject({ source: "ENDPOINT", name: `pm:${endpoint.name}`, runId });
      // the fake scorer's reward is the response's length / 100, in the last token's row
      expect(score.value).toBeCloseTo(responses[i].text.length / 100, 10);
    }
    const progress = await runProgress(runId);
    expect(progress).toMatchObject({ done: 3, failed: 0 });
    expect(progress.recentErrors.map((e) => [e.kind, e.count, e.retried])).toEqual([["server", 1, 1]]);

    // what went over the wire: vLLM's pooling request, the conversation then the response
    const pooling = server.requests.filter((r) => r.path === "/pooling");
    expect(pooling).toHaveLength(11);
    const sent = pooling.at(-1)!.body as { model: string; messages: { role: string; content: string }[] };
    expect(sent.model).toBe("fake-rm");
    expect(sent.messages[0].role).toBe("user");
    expect(sent.messages.at(-1)!.role).toBe("assistant");
    const calls = await callsOf(runId);
    expect(calls).toHaveLength(10);
    // the settings page's Test button scores one short exchange
    expect(await testEndpoint(endpoint.id)).toMatchObject({ answer: `score ${"Hello.".length / 100}`, model: "fake-rm" });
    expect(JSON.parse(calls[0].reply)).toMatchObject({ object: "list", data: [{ index: 0, object: "pooling" }] });
  });

  it("stops scoring when paused and resumes without scoring anything twice", async () => {
    // slow enough that the pause (which a worker reads at most once a second) lands mid-run
    const { dataset, endpoint } = await setup({ latencyMs: 250 });
    await startWorker();
    const { runId } = await createScoreRun(scoreRunRequestSchema.parse({ datasetId: dataset.id, endpointId: endpoint.id, over: "chains", concurrency: 1 }));
    await eventually(
      () => callsOf(runId),
      (calls) => calls.length >= 2,
    );
    await pauseRun(runId);
    await eventually(
      async () => (await runProgress(runId)).claimed,
      (claimed) => claimed === 0,
    );
    const atPause = (await callsOf(runId)).length;
    expect(atPause).toBeLessThan(10);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await callsOf(runId)).length).toBe(atPause);

    // a fresh worker picks the run up where it stopped
    await stopWorkers();
    await resumeRun(runId);
    await startWorker();
    await waitForRun(runId, ["SUCCEEDED"]);
    const calls = await callsOf(runId);
    expect(calls).toHaveLength(10);
    expect(new Set(calls.map((c) => `${c.runItemId}/${c.callKey}`)).size).toBe(10);
    const scores = await scoresOf(runId);
    expect(scores).toHaveLength(10);
    expect(new Set(scores.map((s) => s.responseId)).size).toBe(10);
  });

  it("scores the responses of pairs through /v1/score and the plain JSON form", async () => {
    const { server, dataset, endpoint } = await setup({}, "vllm-score", "/v1");
    await makePairs({ mode: "chain", datasetId: dataset.id, points: "initial-final" });
    await startWorker();
    const { runId } = await createScoreRun(scoreRunRequestSchema.parse({ datasetId: dataset.id, endpointId: endpoint.id, over: "pairs", scoreName: "harmlessness" }));
    await waitForRun(runId, ["SUCCEEDED"]);
    const scores = await scoresOf(runId);
    // 3 pairs of an initial answer and a last revision: 6 responses
    expect(scores).toHaveLength(6);
    expect(scores.every((s) => s.name === "harmlessness")).toBe(true);
    const sent = server.requests.find((r) => r.path === "/v1/score")!.body as Record<string, unknown>;
    expect(Object.keys(sent).sort()).toEqual(["model", "text_1", "text_2"]);

    const json = await prisma.modelEndpoint.create({
      data: { name: uniqueName("json-scorer"), kind: "SCORER", baseUrl: `${server.url}/score-json`, model: "fake-rm", params: { scoreFormat: "json" } },
    });
    const second = await createScoreRun(scoreRunRequestSchema.parse({ datasetId: dataset.id, endpointId: json.id, over: "pairs" }));
    await waitForRun(second.runId, ["SUCCEEDED"]);
    const again = await scoresOf(second.runId);
    expect(again.map((s) => [s.responseId, s.value])).toEqual(scores.map((s) => [s.responseId, s.value]));
  });

  it("starts from the command line (run score --work) and from POST /api/scores/runs", async () => {
    const { dataset, endpoint } = await setup();
    const cli = await runCli(["run", "score", "--dataset", dataset.name, "--endpoint", endpoint.name, "--over", "chains", "--score-name", "rm", "--work"]);
    expect(cli.stderr).not.toMatch(/not started/);
    expect(cli.code).toBe(0);
    const runId = Number(/Started scoring run #(\d+): the chain responses of 3 prompts\./.exec(cli.stdout)?.[1]);
    expect(cli.stdout).toMatch(new RegExp(`run #${runId} succeeded · 3/3 prompts \\(100%\\) · 10 calls`));
    expect((await scoresOf(runId)).every((s) => s.name === "rm")).toBe(true);
    const usage = await runCli(["run", "score", "--dataset", dataset.name, "--endpoint", endpoint.name]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--over is chains or pairs");

    const { cookie } = await sessionFor("REVIEWER");
    const answer = await POST(
      requestWithSession(cookie, "http://studio.test/api/scores/runs", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ datasetId: dataset.id, endpointId: endpoint.id, over: "pairs" }),
      }),
    );
    expect(answer.status).toBe(400);
    expect((await answer.json()).error).toContain("no pairs to score");
  });

  it("refuses a model endpoint for scoring, and a scorer for writing", async () => {
    const { dataset, endpoint } = await setup();
    const chat = await prisma.modelEndpoint.create({ data: { name: uniqueName("chat"), kind: "OPENAI_COMPATIBLE", baseUrl: "http://127.0.0.1:9/v1", model: "m" } });
    await expect(createScoreRun(scoreRunRequestSchema.parse({ datasetId: dataset.id, endpointId: chat.id, over: "chains" }))).rejects.toThrow("is not a scoring endpoint");
    const constitution = await fixtureConstitution();
    await expect(createSlRun(slRunRequestSchema.parse({ datasetId: dataset.id, endpointId: endpoint.id, constitutionVersionId: constitution.versionId }))).rejects.toThrow(
      "is a scoring endpoint",
    );
    const empty = await importedDataset("prompts.jsonl");
    await expect(createScoreRun(scoreRunRequestSchema.parse({ datasetId: empty.id, endpointId: endpoint.id, over: "pairs" }))).rejects.toThrow("no pairs to score");
  });
});
