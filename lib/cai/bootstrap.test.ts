import { describe, expect, it } from "vitest";
import { bootstrapIntervals, quantileSorted, resamplesFor } from "./bootstrap";

// items as [value, 1]: the summed vector's first over its second is the resample's mean
const mean = ([sum, n]: number[]) => (n === 0 ? null : sum / n);
const asItems = (xs: number[]) => xs.map((x) => [x, 1]);

describe("quantileSorted", () => {
  it("interpolates between the nearest ranks (type 7)", () => {
    // position 0.025 x 4 = 0.1: 1 + 0.1 x (2 - 1); 0.975 x 4 = 3.9: 4 + 0.9 x (5 - 4)
    expect(quantileSorted([1, 2, 3, 4, 5], 0.025)).toBeCloseTo(1.1, 12);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.975)).toBeCloseTo(4.9, 12);
    expect(quantileSorted([7], 0.5)).toBe(7);
  });
});

describe("resamplesFor", () => {
  it("keeps 1000 resamples for modest data and cuts to the draw budget (never below 200) for big data", () => {
    expect(resamplesFor(100)).toBe(1000);
    expect(resamplesFor(10_000)).toBe(400);
    expect(resamplesFor(1_000_000)).toBe(200);
  });
});

describe("bootstrapIntervals", () => {
  it("gives a point interval when every item is the same (nothing to resample)", () => {
    const result = bootstrapIntervals(asItems([3, 3, 3, 3]), { mean }, { seed: 1 });
    expect(result.mean).toEqual({ low: 3, high: 3 });
    expect(result.resamples).toBe(1000);
  });

  it("is null with no items, or when the statistic is undefined on most resamples", () => {
    expect(bootstrapIntervals([], { mean }, { seed: 1 }).mean).toBeNull();
    expect(bootstrapIntervals(asItems([1, 2]), { never: () => null }, { seed: 1 }).never).toBeNull();
  });

  it("is reproducible from its seed, and differs with another seed", () => {
    const items = asItems(Array.from({ length: 50 }, (_, i) => (i * 37) % 11));
    const one = bootstrapIntervals(items, { mean }, { seed: 42 });
    expect(bootstrapIntervals(items, { mean }, { seed: 42 })).toEqual(one);
    expect(bootstrapIntervals(items, { mean }, { seed: 43 })).not.toEqual(one);
  });

  it("matches the normal approximation for a share: 70 of 100 items -> about 0.70 -/+ 0.09", () => {
    const items = asItems([...Array(70).fill(1), ...Array(30).fill(0)]);
    const { share } = bootstrapIntervals(items, { share: mean }, { seed: 7 });
    // 0.7 -/+ 1.96 x sqrt(0.7 x 0.3 / 100) = [0.610, 0.790]; a bootstrap of 1000 lands within 0.02
    expect(share!.low).toBeGreaterThan(0.59);
    expect(share!.low).toBeLessThan(0.63);
    expect(share!.high).toBeGreaterThan(0.77);
    expect(share!.high).toBeLessThan(0.81);
  });
});
