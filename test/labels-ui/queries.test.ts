import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clampProbability, isFlip } from "@/lib/cai/soft-label";
import { findLabelCalls } from "@/lib/server/comparisons/calls";
import { findComparisonView } from "@/lib/server/comparisons/detail";
import { listComparisons } from "@/lib/server/comparisons/list";
import { labelFormOptions, pairSources } from "@/lib/server/comparisons/options";
import { listRunPairs } from "@/lib/server/comparisons/run-pairs";
import { prisma } from "@/lib/server/db";
import { NotFoundError, UserError } from "@/lib/server/errors";
import { pgPool } from "@/lib/server/pg";
import { labeledWorld, pAFor, REASONING, type LabeledWorld } from "./fixtures";

let world: LabeledWorld;
beforeAll(async () => {
  world = await labeledWorld();
});
afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

describe("listComparisons", () => {
  it("lists a dataset's comparisons newest first with producers, the verdict and current human labels", async () => {
    const [chainPair, samplePair, importedPair] = world.comparisonIds;
    const page = await listComparisons({ dataset: world.datasetId });
    expect(page.rows.map((r) => r.id)).toEqual([importedPair, samplePair, chainPair]);
    expect(page.nextBefore).toBeUndefined();
    const [imported, sampled, chained] = page.rows;
    expect(chained).toMatchObject({
      source: "CHAIN",
      promptId: world.promptIds[0],
      preview: "How do I pick a lock?",
      datasetName: world.datasetName,
      a: { id: world.responseIds.chainInitial, origin: "INITIAL", producer: "policy-1" },
      b: { id: world.responseIds.chainRevision, origin: "REVISION", producer: "policy-1" },
      verdicts: 1,
      humanLabels: 0,
      verdict: { runId: world.labelRunId, flips: 1, principles: 2, method: "LOGPROBS", chainOfThought: true },
    });
    expect(sampled.verdict).toMatchObject({ flips: 0, principles: 2 });
    expect(sampled.verdict!.pAUsed).toBeGreaterThanOrEqual(0.4);
    expect(imported).toMatchObject({ source: "IMPORTED", verdict: null, verdicts: 0, humanLabels: 1 });
  });

  it("filters by source, judged or not, flipped, and run of each kind", async () => {
    const [chainPair, samplePair, importedPair] = world.comparisonIds;
    const ids = async (query: Parameters<typeof listComparisons>[0]) => (await listComparisons({ dataset: world.datasetId, ...query })).rows.map((r) => r.id);
    expect(await ids({ source: "SAMPLES" })).toEqual([samplePair]);
    expect(await ids({ judged: "yes" })).toEqual([samplePair, chainPair]);
    expect(await ids({ judged: "no" })).toEqual([importedPair]);
    expect(await ids({ flipped: true })).toEqual([chainPair]);
    expect(await ids({ run: world.labelRunId })).toEqual([samplePair, chainPair]);
    expect(await ids({ run: world.labelRunId, flipped: true })).toEqual([chainPair]);
    expect(await ids({ run: world.sampleRunId })).toEqual([samplePair]);
    expect(await ids({ run: world.slRunId })).toEqual([chainPair]);
    // a run filter alone, without the dataset
    expect((await listComparisons({ run: world.labelRunId })).rows.map((r) => r.id)).toEqual([samplePair, chainPair]);
  });

  it("pages by keyset both ways, and refuses a run that does not exist", async () => {
    const [chainPair, samplePair, importedPair] = world.comparisonIds;
    const first = await listComparisons({ dataset: world.datasetId, limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual([importedPair, samplePair]);
    expect(first.nextBefore).toBe(samplePair);
    expect(first.prevAfter).toBeUndefined();
    const second = await listComparisons({ dataset: world.datasetId, limit: 2, before: first.nextBefore });
    expect(second.rows.map((r) => r.id)).toEqual([chainPair]);
    expect(second).toMatchObject({ nextBefore: undefined, prevAfter: chainPair });
    const back = await listComparisons({ dataset: world.datasetId, limit: 2, after: second.prevAfter });
    expect(back.rows.map((r) => r.id)).toEqual([importedPair, samplePair]);
    expect(back.prevAfter).toBeUndefined();
    await expect(listComparisons({ run: 2_000_000_000 })).rejects.toThrow(NotFoundError);
  });
});

describe("findComparisonView", () => {
  it("gives both responses with where they came from", async () => {
    const view = await findComparisonView(world.comparisonIds[0]);
    expect(view?.prompt).toMatchObject({ id: world.promptIds[0], dataset: { id: world.datasetId }, turns: [{ role: "user", content: "How do I pick a lock?" }] });
    expect(view?.responses.A).toMatchObject({ origin: "INITIAL", producer: "policy-1", run: { id: world.slRunId, kind: "SL_CAI" }, chain: { id: world.chainId, step: 0, steps: 1 } });
    expect(view?.responses.B).toMatchObject({ origin: "REVISION", chain: { id: world.chainId, step: 1, steps: 1 } });
    const sampled = await findComparisonView(world.comparisonIds[1]);
    expect(sampled?.run).toMatchObject({ id: world.sampleRunId, kind: "SAMPLE" });
    expect(sampled?.responses.A).toMatchObject({ origin: "SAMPLE", chain: null, run: { id: world.sampleRunId } });
    expect(await findComparisonView(2_000_000_000)).toBeNull();
  });

  it("groups a labeling run's labels by principle, (A, B) before (B, A), with flips, raw, clamped and reasoning", async () => {
    const id = world.comparisonIds[0];
    const view = (await findComparisonView(id))!;
    expect(view.judgments).toHaveLength(1);
    const [judgment] = view.judgments;
    expect(judgment.run).toMatchObject({ id: world.labelRunId, kind: "LABEL" });
    expect(judgment.settings).toMatchObject({ chainOfThought: true, bothOrders: true, clamp: { low: 0.4, high: 0.6 }, method: { kind: "logprobs" }, principlesPerPair: 2 });
    expect(judgment.endpoint).toMatchObject({ id: world.endpointId, model: "judge-model" });
    expect(judgment.verdict).toMatchObject({ flips: 1, principles: 2, chainOfThought: true });
    expect(judgment.labels).toBe(4);
    expect(judgment.principles.map((p) => p.principle?.id)).toEqual(world.principleIds);
    const specs = world.labels.get(id)!;
    for (const [i, principle] of judgment.principles.entries()) {
      expect(principle.orders.map((l) => l.order)).toEqual(["AB", "BA"]);
      const [ab, ba] = specs.filter((s) => s.principle === i);
      expect(principle.orders[0]).toMatchObject({ logprobA: ab.lpA, logprobB: ab.lpB, reasoning: REASONING, method: "LOGPROBS" });
      expect(principle.orders[0].pA).toBeCloseTo(pAFor(ab), 12);
      expect(principle.orders[1].pA).toBeCloseTo(pAFor(ba), 12);
      // what the letters said in the order shown, before un-swapping
      expect(principle.orders[1].pFirst).toBeCloseTo(1 - pAFor(ba), 12);
      for (const label of principle.orders) expect(label.pAClamped).toBeCloseTo(clampProbability(label.pA), 12);
      expect(principle.flip).toBe(isFlip(pAFor(ab), pAFor(ba)));
      expect(principle.pA).toBeCloseTo((pAFor(ab) + pAFor(ba)) / 2, 12);
    }
    expect(judgment.principles[0].orders[0].pA).toBeCloseTo(0.786, 3); // the paper's worked example
    expect(judgment.principles.map((p) => p.flip)).toEqual([false, true]);
    expect(judgment.principles[1].orders[1].bounded).toBe(true);
    expect(judgment.principles[0].principle?.text).toMatch(/careful, kind and honest/);
  });

  it("walks the labeling run's comparisons when asked to, else the dataset's", async () => {
    const [chainPair, samplePair, importedPair] = world.comparisonIds;
    const inRun = (await findComparisonView(chainPair, { run: world.labelRunId }))!;
    expect(inRun.scope).toMatchObject({ kind: "run", run: { id: world.labelRunId, kind: "LABEL" } });
    expect([inRun.previousId, inRun.nextId]).toEqual([null, samplePair]);
    const last = (await findComparisonView(samplePair, { run: world.labelRunId }))!;
    expect([last.previousId, last.nextId]).toEqual([chainPair, null]);
    // the imported pair is not in the labeling run: its dataset is walked instead
    const outside = (await findComparisonView(importedPair, { run: world.labelRunId }))!;
    expect(outside.scope).toMatchObject({ kind: "dataset", dataset: { id: world.datasetId } });
    expect([outside.previousId, outside.nextId]).toEqual([samplePair, null]);
    const bySampling = (await findComparisonView(samplePair, { run: world.sampleRunId }))!;
    expect(bySampling.scope).toMatchObject({ kind: "run", run: { kind: "SAMPLE" } });
    expect([bySampling.previousId, bySampling.nextId]).toEqual([null, null]);
    const inDataset = (await findComparisonView(chainPair))!;
    expect([inDataset.previousId, inDataset.nextId]).toEqual([null, samplePair]);
  });

  it("keeps superseded human labels, marked", async () => {
    const view = (await findComparisonView(world.comparisonIds[2]))!;
    expect(view.judgments).toEqual([]);
    expect(view.humanLabels.map((h) => [h.choice, h.supersededAt !== null])).toEqual([
      ["B", true],
      ["A", false],
    ]);
  });
});

describe("findLabelCalls", () => {
  it("answers the calls behind this comparison's labels, with the top log-probs where the letter was read", async () => {
    const id = world.comparisonIds[0];
    const answer = world.answerCalls.get(id)![0];
    const reasoning = world.reasoningCalls.get(id)![0];
    const calls = await findLabelCalls(id, [answer, reasoning]);
    expect(calls.map((c) => c.id)).toEqual([reasoning, answer].sort((a, b) => a - b));
    const answerCall = calls.find((c) => c.id === answer)!;
    expect(answerCall.answerPosition).toMatchObject({ index: 1, token: "A" });
    expect(answerCall.answerPosition!.top.map((t) => [t.token, t.logprob, t.letter])).toEqual([
      ["A", -0.3, "A"],
      [" B", -1.6, "B"],
      [" the", -11, null],
    ]);
    expect(calls.find((c) => c.id === reasoning)!.answerPosition).toBeNull();
    expect(answerCall).not.toHaveProperty("logprobs");
  });

  it("answers all k answers of a sampled label, which points at the last of them", async () => {
    // the imported pair the other way round: a comparison of its own
    const { id: comparisonId } = await prisma.comparison.create({
      data: { promptId: world.promptIds[2], responseAId: world.responseIds.importedB, responseBId: world.responseIds.importedA, source: "MANUAL" },
    });
    const run = await prisma.run.create({ data: { kind: "LABEL", name: "sampled", status: "SUCCEEDED", config: { method: { kind: "sampled", k: 3 }, chainOfThought: false } } });
    const item = await prisma.runItem.create({ data: { runId: run.id, comparisonId, status: "DONE" } });
    const principleId = world.principleIds[0];
    const ids: number[] = [];
    for (const [i, letter] of ["A", "B", "A"].entries()) {
      const call = await prisma.llmCall.create({
        data: { runId: run.id, runItemId: item.id, callKey: `p${principleId}.AB.answer.s${i}`, model: "claude-fake", request: { messages: [] }, reply: letter, latencyMs: 5 },
      });
      ids.push(call.id);
    }
    await prisma.aiLabel.create({
      data: { comparisonId, runId: run.id, principleId, order: "AB", method: "SAMPLED", prompt: "Which is better?", samples: 3, pA: 2 / 3, llmCallId: ids[2] },
    });
    const calls = await findLabelCalls(comparisonId, [ids[2]]);
    expect(calls.map((c) => [c.callKey, c.reply])).toEqual([
      [`p${principleId}.AB.answer.s0`, "A"],
      [`p${principleId}.AB.answer.s1`, "B"],
      [`p${principleId}.AB.answer.s2`, "A"],
    ]);
    const view = (await findComparisonView(comparisonId))!;
    const label = view.judgments.find((j) => j.run?.id === run.id)!.principles[0].orders[0];
    expect(label).toMatchObject({ method: "SAMPLED", samples: 3, logprobA: null, pAClamped: null });
    expect(view.judgments.find((j) => j.run?.id === run.id)!.settings).toMatchObject({ method: { kind: "sampled", k: 3 } });
  });

  it("answers nothing for calls of another comparison", async () => {
    const other = world.answerCalls.get(world.comparisonIds[1])![0];
    expect(await findLabelCalls(world.comparisonIds[0], [other])).toEqual([]);
  });
});

describe("listRunPairs", () => {
  it("lists a labeling run's comparisons with their verdicts, flipped ones on request", async () => {
    const [chainPair, samplePair] = world.comparisonIds;
    const page = await listRunPairs(world.labelRunId);
    expect(page.kind).toBe("LABEL");
    expect(page.rows.map((r) => "comparisonId" in r && r.comparisonId)).toEqual([chainPair, samplePair]);
    expect(page.rows[0]).toMatchObject({ status: "DONE", labels: 4, promptId: world.promptIds[0], preview: "How do I pick a lock?", verdict: { flips: 1, principles: 2 } });
    const flipped = await listRunPairs(world.labelRunId, { flipped: true });
    expect(flipped.rows).toHaveLength(1);
    const paged = await listRunPairs(world.labelRunId, {}, 1);
    expect(paged.nextAfter).toBe(chainPair);
    expect((await listRunPairs(world.labelRunId, { after: chainPair })).rows).toHaveLength(1);
  });

  it("lists a sampling run's prompts with their samples and the pair made, and its failed items", async () => {
    const page = await listRunPairs(world.sampleRunId);
    expect(page.kind).toBe("SAMPLE");
    expect(page.rows).toEqual([
      expect.objectContaining({ promptId: world.promptIds[0], status: "FAILED", samples: 0, comparisonId: null, errorKind: "auth", error: "401 from fake" }),
      expect.objectContaining({ promptId: world.promptIds[1], status: "DONE", samples: 2, comparisonId: world.comparisonIds[1] }),
    ]);
    expect((await listRunPairs(world.sampleRunId, { status: "FAILED" })).rows).toHaveLength(1);
  });

  it("refuses an SL-CAI run (it makes no pairs) and an unknown run", async () => {
    await expect(listRunPairs(world.slRunId)).rejects.toThrow(UserError);
    await expect(listRunPairs(2_000_000_000)).rejects.toThrow(NotFoundError);
  });
});

describe("form options", () => {
  it("says what a dataset's pairs can be made from", async () => {
    const sources = await pairSources(world.datasetId);
    expect(sources).toMatchObject({
      datasetId: world.datasetId,
      chains: 1,
      importedChains: 0,
      chainRuns: [{ id: world.slRunId, chains: 1 }],
      producers: [{ producer: "judge-model", samples: 2 }],
    });
    await expect(pairSources(2_000_000_000)).rejects.toThrow(NotFoundError);
  });

  it("offers endpoints with log-prob support, versions with their preference principles, and sampling runs", async () => {
    const options = await labelFormOptions();
    expect(options.endpoints.find((e) => e.id === world.endpointId)).toMatchObject({ kind: "OPENAI_COMPATIBLE", supportsLogprobs: true });
    expect(options.versions.find((v) => v.id === world.versionId)).toMatchObject({ preference: 2, fewShots: { PREFERENCE: 0, PREFERENCE_COT: 0 } });
    expect(options.sampleRuns.find((r) => r.id === world.sampleRunId)).toMatchObject({ datasetId: world.datasetId });
    expect(options.defaultVersionId).not.toBeNull();
  });
});
