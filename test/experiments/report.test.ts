import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holm, signTest } from "@/lib/cai/experiments";
import { comparisonListQuerySchema } from "@/lib/schemas/comparisons";
import { listComparisons } from "@/lib/server/comparisons/list";
import { prisma } from "@/lib/server/db";
import { experimentReport } from "@/lib/server/experiments/report";
import { pgPool } from "@/lib/server/pg";
import { experimentWorld, pairKey, type ExperimentWorld } from "./fixtures";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

// An experiment whose every figure can be worked out by hand. Ten prompts, arms v1 (X, response A)
// and v2 (Y, response B):
//   verdicts    v2 wins prompts 0-7 (P(A) 0.2), ties prompt 8 (0.5), loses prompt 9 (0.9):
//               win rate (8 + 1/2) / 10 = 0.85; sign test on 8 against 1: 2 x (1 + 9) / 2^9 = 0.0390625
//   scores      finals v1 1.0, v2 1 + 0.1 (p + 1): deltas 0.1 .. 1.0, mean 0.55, all positive and
//               distinct, so Wilcoxon's exact p = 2 / 2^10 = 0.001953125
//   principles  v1: one step by "harm" that changes no score and ties every judgment: no change;
//               v2: "legal" first (+0.3 + 0.1 (p + 1), wins every judgment), then "harm" (-0.3 each
//               time, loses every judgment): harm makes v2's answers worse
//   failure     v1's final answer is "I can't help with that." on prompts 0 and 1: evasive share 0.2
const HARM = 0;
const LEGAL = 1;

function twoArms(seed = 7) {
  return experimentWorld({
    prompts: 10,
    seed,
    arms: [
      {
        name: "v1",
        answer: (p) => ({ initial: `First answer to ${p}.`, steps: [{ principle: HARM, text: p < 2 ? "I can't help with that." : `A careful answer to prompt ${p}.` }] }),
      },
      {
        name: "v2",
        answer: (p) => ({
          initial: `First answer to ${p}.`,
          steps: [
            { principle: LEGAL, text: `A lawful and longer answer to prompt ${p}, with reasons.` },
            { principle: HARM, text: `A lawful, harmless and longer answer to prompt ${p}, with reasons.` },
          ],
        }),
      },
    ],
    verdict: (_x, _y, p) => (p < 8 ? 0.2 : p === 8 ? 0.5 : 0.9),
    score: (arm, p, version) => (arm === 0 ? 1 : version === 0 ? 1 : version === 1 ? 1 + 0.1 * (p + 1) + 0.3 : 1 + 0.1 * (p + 1)),
    revisionVerdict: (arm, _p, step) => (arm === 0 ? 0.5 : step === 1 ? 0.9 : 0.1),
  });
}

async function comparisonIdsBehind(href: string): Promise<number[]> {
  const url = new URL(href, "http://studio.test");
  const query = comparisonListQuerySchema.parse(Object.fromEntries(url.searchParams));
  const page = await listComparisons({ ...query, limit: 200 });
  return page.rows.map((row) => row.id).sort((a, b) => a - b);
}

describe("experimentReport on a hand-checked experiment", () => {
  let world: ExperimentWorld;
  beforeAll(async () => {
    world = await twoArms();
  });

  it("gives the pair's win rate, ties as half, its interval and the textbook sign test", async () => {
    const report = await experimentReport(world.experimentId, { resamples: 500 });
    expect(report.options).toEqual({ seed: 7, resamples: 500 });
    expect(report.pairs).toHaveLength(1);
    const [pair] = report.pairs;
    expect(pair.arm.name).toBe("v2");
    expect(pair.opponent.name).toBe("v1");
    expect([pair.wins.value, pair.ties.value, pair.losses.value, pair.missing.value]).toEqual([8, 1, 1, 0]);
    expect(pair.winRate.value).toBe(0.85);
    expect(pair.winRate.p).toBe(0.0390625);
    expect(pair.winRate.interval!.low).toBeLessThan(0.85);
    expect(pair.winRate.interval!.high).toBeGreaterThan(0.85);
    expect(pair.winRate.interval!.high).toBeLessThanOrEqual(1);
    expect(pair.lengthControlled.n).toBe(10);
    expect(pair.lengthControlled.value).toBeGreaterThan(0);
    expect(pair.scoreDelta!.n).toBe(10);
    expect(pair.scoreDelta!.mean).toBeCloseTo(0.55, 12);
    expect(pair.scoreDelta!.wilcoxon).toMatchObject({ n: 10, method: "exact", p: 0.001953125 });
    expect(pair.pHolm).toBeNull();
    expect(report.ranking).toBeNull();
  });

  it("counts prompts and pairs and says the experiment is complete", async () => {
    const report = await experimentReport(world.experimentId, { resamples: 100 });
    expect(report.counts.prompts.value).toBe(10);
    expect(report.counts.pairs.value).toBe(10);
    expect(report.counts.pairsJudged.value).toBe(10);
    expect(report.counts.pairsMissingVerdict.value).toBe(0);
    expect(report.experiment.phase).toBe("done");
    expect(report.experiment.scoreName).toBe("pm");
    expect(report.experiment.revisionsJudged).toBe(true);
    expect(report.arms.map((arm) => [arm.name, arm.answers, arm.run!.id])).toEqual([
      ["v1", 10, world.arms[0].runId],
      ["v2", 10, world.arms[1].runId],
    ]);
  });

  it("flags the principle that changes nothing and the one that makes answers worse", async () => {
    const report = await experimentReport(world.experimentId, { resamples: 100 });
    const [v1, v2] = report.principles;
    expect(v1.arm).toBe("v1");
    expect(v1.principles).toHaveLength(1);
    expect(v1.principles[0]).toMatchObject({ key: "harm", revisions: 10, flag: "no-change", scoreFlag: "no-change", winFlag: "no-change" });
    expect(v1.principles[0].scoreChange.mean).toBe(0);
    expect(v1.principles[0].revisionWins).toMatchObject({ n: 10, ties: 10, share: 0.5 });

    expect(v2.principles.map((p) => p.key)).toEqual(["harm", "legal"]);
    const [harm, legal] = v2.principles;
    expect(harm).toMatchObject({ revisions: 10, flag: "worse", scoreFlag: "worse", winFlag: "worse" });
    expect(harm.scoreChange.mean).toBeCloseTo(-0.3, 12);
    expect(harm.revisionWins).toMatchObject({ n: 10, wins: 0, losses: 10, share: 0 });
    expect(legal).toMatchObject({ revisions: 10, flag: null });
    expect(legal.scoreChange.mean).toBeCloseTo(0.85, 12);
    expect(legal.revisionWins).toMatchObject({ n: 10, wins: 10, share: 1 });
  });

  it("measures failure modes per arm over the final answers", async () => {
    const report = await experimentReport(world.experimentId, { resamples: 100 });
    const [v1, v2] = report.failureModes.arms;
    expect(v1).toMatchObject({ arm: "v1", answers: 10, evasive: 2, evasiveShare: 0.2 });
    expect(v2).toMatchObject({ arm: "v2", answers: 10, evasive: 0, evasiveShare: 0 });
    const v2Lengths = Array.from({ length: 10 }, (_, p) => `A lawful, harmless and longer answer to prompt ${p}, with reasons.`.length);
    expect(v2.meanLength).toBe(v2Lengths.reduce((a, b) => a + b, 0) / 10);
  });

  it("gives the same numbers for the same data and seed, and takes the seed asked for", async () => {
    const first = await experimentReport(world.experimentId, { resamples: 300 });
    const again = await experimentReport(world.experimentId, { resamples: 300 });
    expect(again).toEqual(first);
    const other = await experimentReport(world.experimentId, { resamples: 300, seed: 12345 });
    expect(other.options.seed).toBe(12345);
    expect(other.pairs[0].winRate.value).toBe(0.85);
  });

  it("links each figure to exactly the items behind it", async () => {
    const report = await experimentReport(world.experimentId, { resamples: 100 });
    const [pair] = report.pairs;
    const ids = world.pairs.get(pairKey(0, 1))!;
    expect(await comparisonIdsBehind(pair.wins.href!)).toEqual(ids.slice(0, 8));
    expect(await comparisonIdsBehind(pair.ties.href!)).toEqual([ids[8]]);
    expect(await comparisonIdsBehind(pair.losses.href!)).toEqual([ids[9]]);
    expect(await comparisonIdsBehind(pair.missing.href!)).toEqual([]);
    expect(await comparisonIdsBehind(pair.winRate.href)).toEqual(ids);
    expect(await comparisonIdsBehind(report.counts.pairs.href!)).toEqual(ids);

    const harm = report.principles[1].principles[0];
    const harmPairs = world.revisionPairs.filter((r) => r.arm === 1 && r.principle === HARM).map((r) => r.comparisonId);
    expect(await comparisonIdsBehind(harm.revisionWins!.href)).toEqual(harmPairs.sort((a, b) => a - b));
    expect(harm.scoreChange.href).toContain(`run=${world.arms[1].runId}`);
    expect(harm.scoreChange.href).toContain(`group=${world.principleIds[HARM]}`);

    expect(report.arms[0].run!.href).toBe(`/runs/${world.arms[0].runId}`);
    expect(report.experiment.judgeRun!.href).toBe(`/runs/${world.judgeRunId}`);
    // the strongest wins and losses, each to the prompt's page
    expect(pair.examples.map((e) => e.href)).toContain(`/experiments/${world.experimentId}/prompts/${world.promptIds[9]}`);
  });
});

describe("experimentReport, incomplete and many-armed experiments", () => {
  it("counts the pairs still missing a verdict and links to them", async () => {
    const world = await experimentWorld({
      prompts: 6,
      arms: ["a", "b"].map((name) => ({ name, answer: (p: number) => ({ initial: `${name} answers ${p}`, steps: [] }) })),
      verdict: (_x, _y, p) => (p < 4 ? 0.3 : null),
    });
    const report = await experimentReport(world.experimentId, { resamples: 100 });
    expect(report.counts.pairsMissingVerdict.value).toBe(2);
    expect(report.pairs[0].missing.value).toBe(2);
    expect(report.pairs[0].winRate).toMatchObject({ n: 4, value: 1 });
    expect(report.pairs[0].scoreDelta).toBeNull();
    expect(report.principles.map((arm) => arm.principles)).toEqual([[], []]);
    const ids = world.pairs.get(pairKey(0, 1))!;
    expect(await comparisonIdsBehind(report.pairs[0].missing.href!)).toEqual(ids.slice(4));
    expect(await comparisonIdsBehind(report.counts.pairsMissingVerdict.href!)).toEqual(ids.slice(4));
  });

  it("lists prompts to read side by side even when every verdict is a tie", async () => {
    const world = await experimentWorld({
      prompts: 3,
      arms: ["a", "b"].map((name) => ({ name, answer: (p: number) => ({ initial: `Answer ${p} of ${name}.`, steps: [] }) })),
      verdict: () => 0.5,
    });
    const [pair] = (await experimentReport(world.experimentId)).pairs;
    expect({ wins: pair.wins.value, ties: pair.ties.value, losses: pair.losses.value }).toEqual({ wins: 0, ties: 3, losses: 0 });
    expect(pair.examples.map((e) => e.promptId).sort((x, y) => x - y)).toEqual(world.promptIds.toSorted((x, y) => x - y));
    for (const e of pair.examples) expect(e.href).toBe(`/experiments/${world.experimentId}/prompts/${e.promptId}`);
  });

  it("ranks three arms by Bradley-Terry and Holm-adjusts the pairs' sign tests", async () => {
    // the later arm wins the first 9, 10 and 11 of 12 prompts against a, a and b respectively
    const wins: Record<string, number> = { "0-1": 9, "0-2": 11, "1-2": 10 };
    const world = await experimentWorld({
      prompts: 12,
      arms: ["a", "b", "c"].map((name) => ({ name, answer: (p: number) => ({ initial: `${name} answers ${p}`, steps: [] }) })),
      verdict: (x, y, p) => (p < wins[pairKey(x, y)] ? 0.1 : 0.9),
    });
    const report = await experimentReport(world.experimentId, { resamples: 100 });
    expect(report.pairs.map((p) => `${p.arm.name}>${p.opponent.name}`)).toEqual(["b>a", "c>a", "c>b"]);
    expect(report.ranking!.arms.map((a) => [a.arm, a.rank])).toEqual([
      ["c", 1],
      ["b", 2],
      ["a", 3],
    ]);
    const raw = [signTest(9, 3).p, signTest(11, 1).p, signTest(10, 2).p];
    expect(report.pairs.map((p) => p.winRate.p)).toEqual(raw);
    expect(report.pairs.map((p) => p.pHolm)).toEqual(holm(raw));
  });

  it("refuses an experiment that does not exist", async () => {
    await expect(experimentReport(2_000_000_000)).rejects.toThrow(/no experiment/);
  });
});
