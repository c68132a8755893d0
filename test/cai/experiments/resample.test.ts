import { describe, expect, it } from "vitest";
import { bootstrapWeighted } from "@/lib/cai/experiments/resample";

const meanOf = (values: number[]) => (weights: Int32Array) => {
  let sum = 0,
    total = 0;
  values.forEach((v, i) => {
    sum += weights[i] * v;
    total += weights[i];
  });
  return total > 0 ? sum / total : null;
};

describe("bootstrapWeighted", () => {
  it("draws each resample as n draws with replacement: for items 0 and 1 the mean is 0, 1/2, 1 with chances 1/4, 1/2, 1/4", () => {
    const seen: number[] = [];
    const mean = meanOf([0, 1]);
    const result = bootstrapWeighted(2, { mean: (w) => (seen.push(mean(w)!), mean(w)) }, { seed: 3, resamples: 4000 });
    expect(result.resamples).toBe(4000);
    const share = (v: number) => seen.filter((m) => m === v).length / seen.length;
    // binomial sd at 4,000 resamples: sqrt(0.25 / 4000) = 0.0079 for the half, 0.0068 for the quarters; 4 sd allowed
    expect(Math.abs(share(0.5) - 0.5)).toBeLessThan(0.032);
    expect(Math.abs(share(0) - 0.25)).toBeLessThan(0.028);
    expect(Math.abs(share(1) - 0.25)).toBeLessThan(0.028);
    // so the 2.5% and 97.5% quantiles are the extremes
    expect(result.intervals.mean).toEqual({ low: 0, high: 1 });
  });

  it("gives every item one draw per resample on average, and n draws in all", () => {
    const n = 50;
    const drawn = new Float64Array(n);
    bootstrapWeighted(
      n,
      {
        check: (w) => {
          expect(w.reduce((s, c) => s + c, 0)).toBe(n);
          w.forEach((c, i) => (drawn[i] += c));
          return 0;
        },
      },
      { seed: 1, resamples: 2000 },
    );
    // each count is Binomial(50, 1/50) per resample: mean 1, sd 0.99; over 2,000 resamples the mean's sd is 0.022
    drawn.forEach((total) => expect(Math.abs(total / 2000 - 1)).toBeLessThan(0.1));
  });

  it("gives a point for one item and no interval when most resamples leave the statistic undefined", () => {
    // one item: every resample is the same
    expect(bootstrapWeighted(1, { v: () => 7 }, { seed: 1 }).intervals.v).toEqual({ low: 7, high: 7 });
    // undefined on more than half of the resamples: no interval
    let r = 0;
    expect(bootstrapWeighted(5, { v: () => (r++ % 3 === 0 ? 1 : null) }, { seed: 1, resamples: 300 }).intervals.v).toBeNull();
    expect(bootstrapWeighted(0, { v: () => 1 }, { seed: 1 }).intervals.v).toBeNull();
  });

  it("is the same for the same seed and differs for another", () => {
    const values = Array.from({ length: 200 }, (_, i) => Math.sin(i) * 10);
    const a = bootstrapWeighted(200, { mean: meanOf(values) }, { seed: "x", resamples: 500 });
    expect(bootstrapWeighted(200, { mean: meanOf(values) }, { seed: "x", resamples: 500 })).toEqual(a);
    expect(bootstrapWeighted(200, { mean: meanOf(values) }, { seed: "y", resamples: 500 }).intervals.mean).not.toEqual(a.intervals.mean);
  });

  it("rejects a resample count that is not a whole number >= 1 and a level outside (0, 1)", () => {
    expect(() => bootstrapWeighted(3, {}, { seed: 1, resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapWeighted(3, {}, { seed: 1, level: 1 })).toThrow(/level/);
  });
});
