import { describe, expect, it } from "vitest";
import { principleIndexForStep, principlesForPair } from "./principle-sampling";
import { mulberry32, seedFrom } from "./seeded-random";

describe("principleIndexForStep", () => {
  it("draws the same principle for the same run seed, prompt and step, on every call", () => {
    const sampling = { mode: "uniform", seed: 42 } as const;
    const first = [1, 2, 3, 4].map((step) => principleIndexForStep(sampling, 16, 7, step));
    const again = [1, 2, 3, 4].map((step) => principleIndexForStep(sampling, 16, 7, step));
    expect(again).toEqual(first);
    expect(first.every((i) => i >= 0 && i < 16)).toBe(true);
  });

  it("draws every principle about equally often across prompts", () => {
    const counts = new Array(16).fill(0);
    for (let prompt = 1; prompt <= 16_000; prompt++) counts[principleIndexForStep({ mode: "uniform", seed: 1 }, 16, prompt, 1)]++;
    // 1,000 expected per principle; 4 standard deviations is about +-125
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(130);
  });

  it("gives other draws for another seed", () => {
    const draws = (seed: number) => Array.from({ length: 20 }, (_, p) => principleIndexForStep({ mode: "uniform", seed }, 16, p, 1));
    expect(draws(1)).not.toEqual(draws(2));
  });

  it("walks the principles in order in fixed mode", () => {
    expect([1, 2, 3, 4, 5].map((step) => principleIndexForStep({ mode: "fixed" }, 3, 99, step))).toEqual([0, 1, 2, 0, 1]);
  });
});

describe("mulberry32", () => {
  it("is reproducible from its seed", () => {
    const a = mulberry32(seedFrom("run", 1));
    const b = mulberry32(seedFrom("run", 1));
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe("principlesForPair", () => {
  it("draws K distinct principles, the same for the same seed and pair", () => {
    const drawn = principlesForPair(5, 16, 42, 4);
    expect(new Set(drawn).size).toBe(4);
    expect(drawn.every((i) => i >= 0 && i < 16)).toBe(true);
    expect(principlesForPair(5, 16, 42, 4)).toEqual(drawn);
    expect(principlesForPair(5, 16, 43, 4)).not.toEqual(drawn);
  });

  it("uses every principle about equally often as the first of an ensemble", () => {
    const counts = new Array(4).fill(0);
    for (let pair = 0; pair < 4000; pair++) counts[principlesForPair(1, 4, pair, 1)[0]]++;
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });

  it("refuses more principles than there are", () => {
    expect(() => principlesForPair(1, 3, 1, 4)).toThrow("cannot draw 4 distinct principles from 3");
  });
});
