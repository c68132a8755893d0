import { describe, expect, it } from "vitest";
import { principleIndexForStep } from "@/lib/cai/principle-sampling";
import { experimentRequestSchema } from "@/lib/schemas/experiments";
import { slRunConfigSchema } from "@/lib/schemas/runs";
import { labelRunConfigSchema } from "@/lib/schemas/labels";
import { prisma } from "@/lib/server/db";
import { advanceExperiment, advanceStalledExperiments } from "@/lib/server/experiments/advance";
import { createExperiment } from "@/lib/server/experiments/create";
import { experimentDetail } from "@/lib/server/experiments/status";
import { uniqueName } from "../imports/helpers";
import { chainsOf, endpointFor, eventually, importedDataset, waitForRun, workerTestbed } from "../runs/harness";
import { experimentReply, MARKER } from "../fake-llm/experiment-reply";
import { experimentConstitutions, itemsOnlyWorker, scorerEndpoint } from "./helpers";

const { provider, startWorker } = workerTestbed();

async function setup() {
  const server = await provider({ reply: experimentReply });
  const [dataset, constitutions, endpointId, scorer] = await Promise.all([importedDataset(), experimentConstitutions(), endpointFor(server), scorerEndpoint(server.url)]);
  const request = (overrides: Record<string, unknown> = {}) =>
    experimentRequestSchema.parse({
      name: uniqueName("experiment"),
      datasetId: dataset.id,
      prompts: { kind: "sample", n: 4, seed: 11 },
      seed: 5,
      arms: [
        { name: "plain", endpointId, constitutionVersionId: constitutions.plain, revisions: 2 },
        { name: "gentle", endpointId, constitutionVersionId: constitutions.gentle, revisions: 2 },
      ],
      judge: { endpointId, constitutionVersionId: constitutions.judge, principlesPerPair: 1 },
      ...overrides,
    });
  return { server, dataset, constitutions, endpointId, scorer, request };
}

async function promptSet(experimentId: number): Promise<number[]> {
  const rows = await prisma.experimentPrompt.findMany({ where: { experimentId }, orderBy: { promptId: "asc" } });
  return rows.map((row) => row.promptId);
}

async function waitForPhase(experimentId: number, phases: string[], timeoutMs = 30_000) {
  return eventually(
    () => experimentDetail(experimentId),
    (detail) => phases.includes(detail.phase),
    timeoutMs,
  );
}

describe("a constitution experiment", () => {
  it("runs both arms over exactly its prompt set with one seed, pairs their final answers once, and judges them in both orders", async () => {
    const { dataset, request, scorer } = await setup();
    const created = await createExperiment(request({ judge: { ...request().judge, revisions: true }, score: { endpointId: scorer.id } }));
    expect(created).toMatchObject({ prompts: 4, seed: 5, arms: ["plain", "gentle"] });
    const prompts = await promptSet(created.id);
    expect(prompts).toHaveLength(4);
    expect(dataset.promptIds).toEqual(expect.arrayContaining(prompts));
    // the same seed samples the same prompts
    const again = await createExperiment(request());
    expect(await promptSet(again.id)).toEqual(prompts);
    expect((await experimentDetail(created.id)).phase).toBe("not started");

    // two callers at once start each arm once
    const worker = await itemsOnlyWorker();
    try {
      await Promise.all([advanceExperiment(created.id), advanceExperiment(created.id), advanceExperiment(created.id)]);
      const arms = await prisma.experimentArm.findMany({ where: { experimentId: created.id }, orderBy: { position: "asc" }, include: { run: true } });
      expect(arms.every((arm) => arm.run !== null)).toBe(true);
      expect(await prisma.run.count({ where: { name: { startsWith: `${created.name} · ` } } })).toBe(2);
      for (const arm of arms) {
        const config = slRunConfigSchema.parse(arm.run!.config);
        expect(config.filter.experimentId).toBe(created.id);
        expect(config.sampling).toEqual({ mode: "uniform", seed: 5 });
        expect(config.reuseExistingResponse).toBe(false);
        expect(await waitForRun(arm.runId!, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");
        const chains = await chainsOf(arm.runId!);
        expect(chains.map((c) => c.promptId)).toEqual(prompts);
        // only the gentle version's revisions carry the marker
        for (const chain of chains) expect(chain.steps.every((s) => s.revision.includes(MARKER))).toBe(arm.name === "gentle");
      }
      // the arms share the principle draws: the same position of their (equally long) constitutions at each step
      const positions = async (runId: number) => {
        const steps = await prisma.chainStep.findMany({
          where: { chain: { runId } },
          include: { chain: true, principle: true },
          orderBy: [{ chain: { promptId: "asc" } }, { index: "asc" }],
        });
        return steps.map((s) => [s.chain.promptId, s.index, s.principle.position]);
      };
      expect(await positions(arms[0].runId!)).toEqual(await positions(arms[1].runId!));
      for (const [promptId, step, position] of await positions(arms[0].runId!)) {
        expect(position).toBe(principleIndexForStep({ mode: "uniform", seed: 5 }, 3, promptId, step));
      }

      // the arms are done: three callers at once (one of them the worker's sweep) make each pair once and start one judging run and one scoring run
      expect((await experimentDetail(created.id)).phase).toMatch(/arms done|judging/);
      await Promise.all([advanceExperiment(created.id), advanceStalledExperiments(), advanceExperiment(created.id)]);
    } finally {
      await worker.stop();
    }
    const experiment = await prisma.experiment.findUniqueOrThrow({ where: { id: created.id } });
    expect(experiment.judgeRunId).not.toBeNull();
    expect(experiment.scoreRunId).not.toBeNull();
    const pairs = await prisma.experimentPair.findMany({ where: { experimentId: created.id }, include: { comparison: true, armX: true, armY: true } });
    expect(pairs).toHaveLength(4);
    expect(pairs.map((p) => p.promptId).sort((a, b) => a - b)).toEqual(prompts);
    for (const pair of pairs) {
      expect([pair.armX.name, pair.armY.name, pair.comparison.source, pair.comparison.promptId]).toEqual(["plain", "gentle", "ARMS", pair.promptId]);
    }
    const armsComparisons = await prisma.comparison.count({ where: { promptId: { in: prompts }, source: "ARMS" } });
    expect(armsComparisons).toBe(4);

    await startWorker();
    await waitForPhase(created.id, ["done", "failed"]);
    const detail = await experimentDetail(created.id);
    expect(detail).toMatchObject({ phase: "done", prompts: 4, pairs: 4 });

    // the judge saw every ARMS pair and every CHAIN pair of consecutive answers, each in both orders
    const judgeRun = await prisma.run.findUniqueOrThrow({ where: { id: experiment.judgeRunId! } });
    const judgeConfig = labelRunConfigSchema.parse(judgeRun.config);
    expect(judgeConfig).toMatchObject({ bothOrders: true, seed: 5, pairs: { experimentId: created.id } });
    const items = await prisma.runItem.findMany({ where: { runId: judgeRun.id }, include: { comparison: true } });
    const chainPairs = items.filter((i) => i.comparison!.source === "CHAIN");
    expect(
      items
        .filter((i) => i.comparison!.source === "ARMS")
        .map((i) => i.comparisonId)
        .sort(),
    ).toEqual(pairs.map((p) => p.comparisonId).sort());
    expect(chainPairs).toHaveLength(4 * 2 * 2);
    const labels = await prisma.aiLabel.findMany({ where: { runId: judgeRun.id, comparisonId: { in: pairs.map((p) => p.comparisonId) } } });
    expect(labels.map((l) => l.order).sort()).toEqual([...Array(4).fill("AB"), ...Array(4).fill("BA")]);
    // the gentle arm (response B) wins every pair, whichever order it was shown in
    const verdicts = await prisma.aiVerdict.findMany({ where: { runId: judgeRun.id, comparisonId: { in: pairs.map((p) => p.comparisonId) } } });
    expect(verdicts).toHaveLength(4);
    for (const verdict of verdicts) expect(verdict).toMatchObject({ flips: 0 });
    for (const verdict of verdicts) expect(verdict.pA).toBeLessThan(0.2);

    // the scoring run scored every answer of both arms' chains: 4 prompts x 2 arms x (initial + 2 revisions)
    expect(await prisma.score.count({ where: { runId: experiment.scoreRunId! } })).toBe(4 * 2 * 3);

    // once done, moving on does nothing more
    await advanceExperiment(created.id);
    expect(await prisma.experimentPair.count({ where: { experimentId: created.id } })).toBe(4);
    expect(await prisma.run.count({ where: { name: { startsWith: `${created.name} · ` } } })).toBe(4);
  });

  it("moves on by itself when the arms' runs end: the worker starts the judging run", async () => {
    const { request } = await setup();
    const created = await createExperiment(request({ prompts: { kind: "filter", limit: 2 } }));
    await startWorker();
    await advanceExperiment(created.id);
    const done = await waitForPhase(created.id, ["done", "failed"]);
    expect(done).toMatchObject({ phase: "done", pairs: 2, message: "2 pairs judged" });
    const judgeRun = await prisma.run.findUniqueOrThrow({ where: { id: done.judgeRun!.id } });
    // without judge.revisions, only the ARMS pairs are judged
    expect(labelRunConfigSchema.parse(judgeRun.config).pairs.source).toBe("ARMS");
    expect(done.judgeRun).toMatchObject({ status: "SUCCEEDED", total: 2, done: 2 });
  });

  it("fails when an arm's run fails, and says which arm", async () => {
    const { request } = await setup();
    const broken = await provider({ failureRate: 1, failureKinds: ["401"] });
    const brokenEndpoint = await endpointFor(broken);
    const base = request({ prompts: { kind: "filter", limit: 2 } });
    const created = await createExperiment({ ...base, arms: [base.arms[0], { ...base.arms[1], name: "broken", endpointId: brokenEndpoint }] });
    await startWorker();
    await advanceExperiment(created.id);
    const failed = await waitForPhase(created.id, ["failed", "done"]);
    expect(failed).toMatchObject({ phase: "failed", message: "arm broken's run failed" });
    // nothing more happens: no pairs, no judging run
    const after = await advanceExperiment(created.id);
    expect(after).toMatchObject({ phase: "failed", pairs: 0, judgeRun: null });
  });

  it("checks every arm and the judge before writing anything, naming each refusal's field", async () => {
    const { request, scorer, constitutions, endpointId } = await setup();
    const name = uniqueName("refused");
    const base = request({ name });
    const refused = createExperiment({
      ...base,
      arms: [base.arms[0], { ...base.arms[1], constitutionVersionId: constitutions.judge }],
      judge: { ...base.judge, constitutionVersionId: constitutions.plain },
      score: { endpointId, concurrency: 8 },
    });
    await expect(refused).rejects.toMatchObject({
      fields: [
        { path: "arms.1.constitutionVersionId", message: "this version has no critique-revision principles to critique and revise with" },
        { path: "judge.constitutionVersionId", message: "this version has no preference principles to judge with" },
        { path: "score.endpointId", message: expect.stringContaining("is not a scoring endpoint") },
      ],
    });
    await expect(createExperiment({ ...base, arms: [base.arms[0], { ...base.arms[1], endpointId: scorer.id }] })).rejects.toMatchObject({
      fields: [{ path: "arms.1.endpointId", message: expect.stringContaining("is a scoring endpoint") }],
    });
    await expect(createExperiment({ ...base, prompts: { kind: "sample", n: 50 } })).rejects.toThrow("prompts.n: the dataset has 5 prompts, fewer than the 50 to sample");
    await expect(createExperiment({ ...base, prompts: { kind: "filter", tag: "no-such-tag" } })).rejects.toThrow(/^prompts: no prompt/);
    expect(await prisma.experiment.count({ where: { name } })).toBe(0);

    await createExperiment(base);
    await expect(createExperiment(base)).rejects.toThrow(`name: there is already an experiment named "${name}"`);

    const parsed = experimentRequestSchema.safeParse({ ...base, arms: [base.arms[0], { ...base.arms[0] }, { ...base.arms[1], sampling: { mode: "uniform", seed: 3 } }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join(".")).sort()).toEqual(["arms.1.name", "arms.2.sampling"]);
    expect(experimentRequestSchema.safeParse({ ...base, arms: [base.arms[0]] }).error!.issues[0]).toMatchObject({ path: ["arms"], message: "an experiment compares at least two arms" });
  });
});
