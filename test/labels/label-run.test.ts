import path from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConstitutionFile } from "@/lib/formats/constitution";
import { labelRunRequestSchema, sampleRunRequestSchema } from "@/lib/schemas/labels";
import { saveConstitutionParts } from "@/lib/server/constitutions/store";
import { prisma } from "@/lib/server/db";
import { createLabelRun } from "@/lib/server/runs/kinds/label";
import { makePairs } from "@/lib/server/labels/pairs";
import { labelRunSummary } from "@/lib/server/labels/summary";
import { createSampleRun } from "@/lib/server/runs/kinds/sample";
import { listRunPairs } from "@/lib/server/comparisons/run-pairs";
import { importFile } from "@/lib/server/imports/import-file";
import { runProgress } from "@/lib/server/runs/progress";
import { inTransaction } from "@/lib/server/pg";
import type { FakeLlmRequest, FakeReply } from "../fake-llm";
import { FIXTURES, jsonl, tempFile, uniqueName } from "../imports/helpers";
import { endpointFor, importedDataset, waitForRun, workerTestbed } from "../runs/harness";

const { provider, startWorker } = workerTestbed({ slots: 8 });
process.env.CAI_TEST_ANTHROPIC_KEY = "sk-ant-test-key";

/** A judge that always answers the letter shown first with the given log-probs: pure position bias. */
function judge(top: { token: string; logprob: number }[], reasoning = "Let's weigh both. (A) is kinder, (B) is crueler."): (request: FakeLlmRequest) => string | FakeReply {
  return (request) => {
    if (/step by step first/.test(request.lastUserText)) return reasoning;
    return { text: top[0].token, logprobs: [{ token: top[0].token, logprob: top[0].logprob, top }] };
  };
}

async function setup(reply?: (request: FakeLlmRequest) => string | FakeReply, kind: "OPENAI_COMPATIBLE" | "ANTHROPIC" = "OPENAI_COMPATIBLE") {
  const server = await provider(reply ? { reply } : {});
  const dataset = await importedDataset("sl-chains.jsonl");
  const read = (file: string) => parseConstitutionFile(readFileSync(path.join(FIXTURES, file), "utf8"), file);
  const name = uniqueName("Judge constitution");
  await inTransaction((db) => saveConstitutionParts(db, { name, parts: read("principles.json"), note: "test" }));
  const saved = await inTransaction((db) => saveConstitutionParts(db, { name, parts: read("preference-principles.json"), note: "test" }));
  const endpointId =
    kind === "ANTHROPIC"
      ? (await prisma.modelEndpoint.create({ data: { name: uniqueName("claude"), kind, baseUrl: server.url, model: "claude-fake", maxConcurrency: 4, apiKeyEnv: "CAI_TEST_ANTHROPIC_KEY" } }))
          .id
      : await endpointFor(server);
  await startWorker();
  const request = (overrides: Record<string, unknown> = {}) =>
    labelRunRequestSchema.parse({ datasetId: dataset.id, endpointId, constitutionVersionId: saved.versionId, seed: 3, ...overrides });
  return { server, dataset, endpointId, versionId: saved.versionId, request };
}

async function labelsOf(runId: number) {
  return prisma.aiLabel.findMany({ where: { runId }, orderBy: [{ comparisonId: "asc" }, { order: "asc" }] });
}

describe("making pairs", () => {
  it("pairs each chain's initial response with its last revision, once however often it is asked", async () => {
    const dataset = await importedDataset("sl-chains.jsonl");
    expect(await makePairs({ mode: "chain", datasetId: dataset.id, points: "initial-final" })).toEqual({ created: 3, existing: 0, identical: 0 });
    expect(await makePairs({ mode: "chain", datasetId: dataset.id, points: "initial-final" })).toEqual({ created: 0, existing: 3, identical: 0 });
    const pairs = await prisma.comparison.findMany({ where: { prompt: { datasetId: dataset.id } }, include: { responseA: true, responseB: true } });
    for (const pair of pairs) expect([pair.responseA.origin, pair.responseB.origin].sort()).toEqual(["INITIAL", "REVISION"]);
    // consecutive revisions: 4 + 2 + 1 steps; the one-step chain's pair is its initial-final pair
    expect(await makePairs({ mode: "chain", datasetId: dataset.id, points: "consecutive" })).toEqual({ created: 6, existing: 1, identical: 0 });
    const prompts = await prisma.prompt.findMany({ where: { datasetId: dataset.id }, select: { comparisonCount: true, _count: { select: { comparisons: true } } } });
    for (const p of prompts) expect(p.comparisonCount).toBe(p._count.comparisons);
  });
});

describe("a labeling run", () => {
  it("reads P(A) from the answer log-probs in both orders, and flags the flip of a position-biased judge", async () => {
    const { dataset, request } = await setup(
      judge([
        { token: "A", logprob: -0.3 },
        { token: "B", logprob: -1.6 },
      ]),
    );
    await makePairs({ mode: "chain", datasetId: dataset.id, points: "initial-final" });
    const { runId, items } = await createLabelRun(request());
    expect(items).toBe(3);
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");

    const labels = await labelsOf(runId);
    expect(labels).toHaveLength(3 * 2);
    for (const label of labels) {
      expect(label).toMatchObject({ method: "LOGPROBS", logprobA: -0.3, logprobB: -1.6, bounded: false, pAClamped: null, reasoning: null });
      // the judge prefers whatever is shown first: 0.786 for A shown first, 1 - 0.786 when B is
      expect(label.pA).toBeCloseTo(label.order === "AB" ? 0.786 : 0.214, 3);
      expect(label.prompt).toContain("Options:\n(A) ");
    }
    const verdicts = await prisma.aiVerdict.findMany({ where: { runId } });
    expect(verdicts).toHaveLength(3);
    for (const v of verdicts) expect(v).toMatchObject({ flips: 1, principles: 1, spread: 0, method: "LOGPROBS", chainOfThought: false });
    for (const v of verdicts) expect(v.pA).toBeCloseTo(0.5, 10);
    const prompts = await prisma.prompt.findMany({ where: { datasetId: dataset.id }, select: { labelCount: true } });
    expect(prompts.every((p) => p.labelCount === 1)).toBe(true);

    const summary = await labelRunSummary(runId);
    expect(summary).toMatchObject({ judged: 3, confident: 0, nearHalf: 3, flipRate: 1 });
    expect(summary.histogram.find((b) => b.low === 0.5)).toMatchObject({ raw: 3, used: 3 });
    expect(summary.histogram.reduce((n, b) => n + b.raw, 0)).toBe(3);
    expect(summary.perPrinciple.reduce((n, p) => n + p.pairsBothOrders, 0)).toBe(3);
    expect(summary.perPrinciple.every((p) => p.flipRate === 1 && p.labels === 2 * p.pairsBothOrders)).toBe(true);
  });

  it("with chain of thought keeps the reasoning, asks for the answer after it, and clamps to 40-60%", async () => {
    const { dataset, request } = await setup(
      judge([
        { token: " A", logprob: -0.05 },
        { token: "(B", logprob: -3.0 },
      ]),
    );
    await makePairs({ mode: "chain", datasetId: dataset.id, points: "initial-final" });
    const { runId } = await createLabelRun(request({ chainOfThought: true }));
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");
    const labels = await labelsOf(runId);
    const first = 1 / (1 + Math.exp(-3.0 + 0.05));
    for (const label of labels) {
      expect(label.reasoning).toBe("Let's weigh both. (A) is kinder, (B) is crueler.");
      expect(label.reasoningCallId).not.toBeNull();
      expect(label.pA).toBeCloseTo(label.order === "AB" ? first : 1 - first, 10);
      expect(label.pAClamped).toBe(label.order === "AB" ? 0.6 : 0.4);
      expect(label.prompt).toContain("So the answer is: (A) or (B)?");
    }
    const calls = await prisma.llmCall.count({ where: { runId } });
    expect(calls).toBe(3 * 2 * 2);
    const verdict = await prisma.aiVerdict.findFirstOrThrow({ where: { runId } });
    expect(verdict).toMatchObject({ chainOfThought: true, flips: 1 });
    expect(verdict.pAUsed).toBeCloseTo(0.5, 10);
  });

  it("judges each pair under K principles drawn from the seed, an ensemble whose disagreement is kept", async () => {
    const { dataset, request } = await setup((req) => {
      // one principle sways the judge to A, the other to B
      const sway = /careful, kind and honest/.test(req.lastUserText);
      const top = sway
        ? [
            { token: "A", logprob: -0.1 },
            { token: "B", logprob: -2.4 },
          ]
        : [
            { token: "B", logprob: -0.2 },
            { token: "A", logprob: -1.8 },
          ];
      return { text: top[0].token, logprobs: [{ token: top[0].token, logprob: top[0].logprob, top }] };
    });
    await makePairs({ mode: "chain", datasetId: dataset.id, points: "initial-final" });
    const { runId } = await createLabelRun(request({ principlesPerPair: 2, bothOrders: false }));
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");
    const verdicts = await prisma.aiVerdict.findMany({ where: { runId } });
    const pA = 1 / (1 + Math.exp(-2.4 + 0.1));
    const pB = 1 / (1 + Math.exp(-1.8 + 0.2));
    for (const v of verdicts) {
      expect(v).toMatchObject({ principles: 2, flips: 0 });
      expect(v.pA).toBeCloseTo((pA + (1 - pB)) / 2, 10);
      expect(v.spread).toBeCloseTo(pA - (1 - pB), 10);
    }
    await expect(createLabelRun(request({ principlesPerPair: 3 }))).rejects.toThrow("principlesPerPair: this version has 2 preference principles, fewer than 3");
  });

  it("bounds a letter missing from the top log-probs and says so on the label", async () => {
    const { dataset, request } = await setup(
      judge([
        { token: "A", logprob: -0.02 },
        { token: " The", logprob: -4.1 },
        { token: "I", logprob: -5.3 },
      ]),
    );
    await makePairs({ mode: "chain", datasetId: dataset.id, points: "initial-final" });
    const { runId } = await createLabelRun(request({ bothOrders: false }));
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");
    for (const label of await labelsOf(runId)) expect(label).toMatchObject({ bounded: true, logprobA: -0.02, logprobB: -5.3 });
  });

  it("refuses log-probs from an endpoint without them, and labels with k samples instead, saying so on every label", async () => {
    const { dataset, request } = await setup(undefined, "ANTHROPIC");
    await makePairs({ mode: "chain", datasetId: dataset.id, points: "initial-final" });
    await expect(createLabelRun(request())).rejects.toThrow(/^method: endpoint ".*" returns no log-probs; choose the sampled or stated method/);
    const { runId } = await createLabelRun(request({ method: { kind: "sampled", k: 4 }, bothOrders: false }));
    const status = await waitForRun(runId, ["SUCCEEDED", "FAILED"]);
    expect(status, JSON.stringify(await prisma.runItem.findMany({ where: { runId }, select: { error: true } }))).toBe("SUCCEEDED");
    const labels = await labelsOf(runId);
    expect(labels).toHaveLength(3);
    for (const label of labels) {
      expect(label).toMatchObject({ method: "SAMPLED", samples: 4, logprobA: null });
      expect([0, 0.25, 0.5, 0.75, 1]).toContain(label.pA);
    }
    expect(await prisma.llmCall.count({ where: { runId } })).toBe(3 * 4);
  });

  it("fails a pair with a clear message when an endpoint that should have log-probs returns none", async () => {
    const { dataset, request, server } = await setup(() => "A");
    await makePairs({ mode: "chain", datasetId: dataset.id, points: "initial-final" });
    // this fake returns log-probs only when a reply brings them; a plain string reply is made up, so strip them
    server.setBehaviour({ reply: () => ({ text: "A", logprobs: [] }) });
    const { runId } = await createLabelRun(request({ bothOrders: false, pairs: { limit: 1 } }));
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("FAILED");
    const item = await prisma.runItem.findFirstOrThrow({ where: { runId } });
    expect(item.errorKind).toBe("label");
    expect(item.error).toMatch(/has no \(A\) or \(B\) among its top 5 log-probs|returned no log-probs/);
  });
});

describe("a sampling run", () => {
  it("stores two samples per prompt and pairs them", async () => {
    // a model sampling at temperature 0.9: every call a different answer, ending in the stop sequence
    let call = 0;
    const server = await provider({ reply: () => ` Answer number ${++call}.\n\nHuman:` });
    const dataset = await importedDataset("prompts.jsonl");
    const endpointId = await endpointFor(server);
    await startWorker();
    const { runId, items } = await createSampleRun(sampleRunRequestSchema.parse({ datasetId: dataset.id, endpointId, params: { temperature: 0.9 } }));
    expect(items).toBe(5);
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");
    const pairs = await prisma.comparison.findMany({ where: { runId }, include: { responseA: true, responseB: true } });
    expect(pairs).toHaveLength(5);
    for (const pair of pairs) {
      expect(pair.source).toBe("SAMPLES");
      expect([pair.responseA.origin, pair.responseB.origin]).toEqual(["SAMPLE", "SAMPLE"]);
      expect(pair.responseA.runId).toBe(runId);
    }
    const sent = server.requests.filter((r) => r.path === "/v1/chat/completions").map((r) => (r.body as { temperature: number }).temperature);
    expect(sent).toHaveLength(10);
    expect(sent.every((t) => t === 0.9)).toBe(true);
    // the answers are stored without the stop sequence; the calls keep the replies as they came
    const samples = await prisma.response.findMany({ where: { runId }, include: { llmCall: true } });
    expect(samples).toHaveLength(10);
    for (const sample of samples) {
      expect(sample.text).toMatch(/^Answer number \d+\.$/);
      expect(sample.llmCall?.reply).toBe(` ${sample.text}\n\nHuman:`);
    }
    expect((await runProgress(runId)).identicalPairs).toBe(0);
    expect(() => sampleRunRequestSchema.parse({ datasetId: 1, endpointId: 1, params: { temperature: 0 } })).toThrow("two samples need a temperature above 0");
  });
});

describe("a sampling run against a model that answers the same text twice", () => {
  it("makes no pair of identical samples, and counts them on the run's page", async () => {
    // the fake model's default reply is a function of the request: deterministic, as a server at
    // temperature 0 or with a fixed seed is
    const server = await provider();
    const dataset = await importedDataset("prompts.jsonl");
    const endpointId = await endpointFor(server);
    await startWorker();
    const { runId } = await createSampleRun(sampleRunRequestSchema.parse({ datasetId: dataset.id, endpointId, params: { temperature: 0.2 } }));
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");

    expect(await prisma.response.count({ where: { runId, origin: "SAMPLE" } })).toBe(10);
    expect(await prisma.comparison.count({ where: { runId } })).toBe(0);
    expect((await runProgress(runId)).identicalPairs).toBe(5);
    const page = await listRunPairs(runId);
    if (page.kind !== "SAMPLE") throw new Error(`expected a sampling run's page, got ${page.kind}`);
    expect(page.rows.map((row) => [row.samples, row.comparisonId, row.identical])).toEqual(Array(5).fill([2, null, true]));
  });
});

describe("making pairs of identical answers", () => {
  it("makes none, and says how many it left out", async () => {
    const dataset = uniqueName("same-samples");
    const file = tempFile(
      "same.jsonl",
      jsonl([
        { rl_prompt: "\n\nHuman: Say hi.\n\nAssistant:", sampled_answers: [{ sampled_string: " Hi.\n\nHuman:" }, { sampled_string: "Hi." }] },
        { rl_prompt: "\n\nHuman: Say bye.\n\nAssistant:", sampled_answers: [{ sampled_string: " Bye." }, { sampled_string: " Goodbye." }] },
      ]),
    );
    const imported = await importFile({ path: file, fileName: "same.jsonl", dataset });
    expect(await makePairs({ mode: "samples", datasetId: imported.dataset!.id })).toEqual({ created: 1, existing: 0, identical: 1 });
  });
});

describe("making pairs, what it refuses and what it never duplicates", () => {
  it("says which dataset or run does not exist", async () => {
    await expect(makePairs({ mode: "chain", datasetId: 999999, points: "initial-final" })).rejects.toThrow("datasetId: there is no dataset 999999");
    const dataset = await importedDataset("sl-chains.jsonl");
    await expect(makePairs({ mode: "chain", datasetId: dataset.id, runId: 999999, points: "initial-final" })).rejects.toThrow("runId: there is no run 999999");
  });

  it("orients two responses the same way whichever way round they come, so they make one pair", async () => {
    const dataset = await importedDataset("sl-chains.jsonl");
    await makePairs({ mode: "chain", datasetId: dataset.id, points: "consecutive" });
    // the one-step chain's initial-final pair is the same two responses as its consecutive pair
    expect(await makePairs({ mode: "chain", datasetId: dataset.id, points: "initial-final" })).toEqual({ created: 2, existing: 1, identical: 0 });
  });
});
