import { describe, expect, it } from "vitest";
import { lengthControlledWinRate } from "@/lib/cai/experiments/length-controlled";
import { comparePair, type PairedPrompt } from "@/lib/cai/experiments/pair-report";
import { pairedScoreDelta } from "@/lib/cai/experiments/score-delta";
import { winRate } from "@/lib/cai/experiments/win-rate";
import { seededRandom } from "@/lib/cai/experiments/random";

function prompts(n: number, seed: number): PairedPrompt[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const lengthX = 100 + Math.floor(random() * 400);
    const lengthY = 100 + Math.floor(random() * 400);
    const pX = random() < 0.1 ? 0.5 : random() < 0.6 ? 0.8 : 0.2;
    // every third prompt unscored
    return i % 3 === 0 ? { pX, lengthX, lengthY } : { pX, lengthX, lengthY, scoreX: random() + 0.2, scoreY: random() };
  });
}

describe("comparePair", () => {
  const data = prompts(300, 5);

  it("gives each statistic the interval it has alone with the same seed: one draw of prompts serves all", () => {
    const options = { seed: "exp-1:arm-a:arm-b", resamples: 400 };
    const report = comparePair(data, options);
    expect(report.winRate).toEqual(
      winRate(
        data.map((p) => p.pX),
        options,
      ),
    );
    expect(report.lengthControlled).toEqual(lengthControlledWinRate(data, options));
    expect(report.scoreDelta).toEqual(pairedScoreDelta(data, options));
    expect(report).toMatchObject({ prompts: 300, resamples: 400, seed: "exp-1:arm-a:arm-b" });
    expect(report.scoreDelta.n).toBe(200);
  });

  it("is reproducible: the same data and seed give identical numbers, another seed other intervals", () => {
    const a = comparePair(data, { seed: 11, resamples: 300 });
    expect(comparePair(data, { seed: 11, resamples: 300 })).toEqual(a);
    const b = comparePair(data, { seed: 12, resamples: 300 });
    expect(b.winRate.winRate).toBe(a.winRate.winRate);
    expect(b.winRate.interval).not.toEqual(a.winRate.interval);
    expect(b.scoreDelta.interval).not.toEqual(a.scoreDelta.interval);
  });

  it("without scores reports no delta and no interval for it", () => {
    const unscored = data.map(({ pX, lengthX, lengthY }) => ({ pX, lengthX, lengthY }));
    const report = comparePair(unscored, { seed: 1, resamples: 200 });
    expect(report.scoreDelta).toMatchObject({ n: 0, mean: null, interval: null });
    expect(report.winRate.interval).not.toBeNull();
  });
});

describe("pairedScoreDelta", () => {
  it("the mean of score(X) - score(Y) over prompts with both scores, and the Wilcoxon test of those differences", () => {
    const result = pairedScoreDelta(
      [
        { scoreX: 3, scoreY: 1 },
        { scoreX: 2, scoreY: 2.5 },
        { scoreX: 5, scoreY: 1 },
        { scoreX: 1, scoreY: null },
        { scoreX: 4, scoreY: 1 },
      ],
      { seed: 1 },
    );
    // differences 2, -0.5, 4, 3: mean 8.5 / 4; ranks of |d| 2, 1, 4, 3, V+ = 9, exact p = 2 x 2 / 16
    expect(result.n).toBe(4);
    expect(result.mean).toBeCloseTo(2.125, 14);
    expect(result.wilcoxon).toMatchObject({ n: 4, vPlus: 9, method: "exact" });
    expect(result.wilcoxon.p).toBeCloseTo(0.25, 14);
    expect(result.interval!.low).toBeGreaterThanOrEqual(-0.5);
    expect(result.interval!.high).toBeLessThanOrEqual(4);
  });
});
