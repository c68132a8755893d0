import { describe, expect, it } from "vitest";
import { confidentShare, histogram } from "./histogram";
import { unitBinIndex, unitBins } from "./unit-bins";

describe("unit bins", () => {
  it("closes each bin at its lower edge, the last one at both", () => {
    expect(unitBins(4)).toEqual([
      { low: 0, high: 0.25 },
      { low: 0.25, high: 0.5 },
      { low: 0.5, high: 0.75 },
      { low: 0.75, high: 1 },
    ]);
    expect([0, 0.2499, 0.25, 0.5, 0.75, 0.99, 1].map((p) => unitBinIndex(p, 4))).toEqual([0, 0, 1, 2, 3, 3, 3]);
    expect([-0.01, 1.01, NaN].map((p) => unitBinIndex(p, 4))).toEqual([undefined, undefined, undefined]);
    expect(() => unitBins(0)).toThrow();
  });

  it("puts a decimal edge into the bin it starts despite floating point", () => {
    // every tenth i / 10 goes to bin i
    expect([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((p) => unitBinIndex(p, 10))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // 0.29 * 100 = 28.999999999999996 and 0.57 * 100 = 56.99999999999999: without the tolerance
    // they would fall one bin low
    expect([0.29, 0.57, 0.58].map((p) => unitBinIndex(p, 100))).toEqual([29, 57, 58]);
    expect(unitBinIndex(0.2899, 100)).toBe(28);
  });
});

describe("histogram", () => {
  it("counts raw and clamped labels with the same edges", () => {
    const raw = [0.02, 0.15, 0.45, 0.5, 0.55, 0.93, 1];
    // 0.02 -> [0, .1); 0.15 -> [.1, .2); 0.45 -> [.4, .5); 0.5 and 0.55 -> [.5, .6); 0.93 and 1 -> [.9, 1]
    const rawCounts = histogram(raw).bins.map((b) => b.count);
    expect(rawCounts).toEqual([1, 1, 0, 0, 1, 2, 0, 0, 0, 2]);
    // clamped to [0.4, 0.6]: 0.4, 0.4, 0.45, 0.5, 0.55, 0.6, 0.6 -> bins 4 (3), 5 (2), 6 (2)
    const clamped = raw.map((p) => Math.min(0.6, Math.max(0.4, p)));
    const result = histogram(clamped);
    expect(result.bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 3, 2, 2, 0, 0, 0]);
    expect(result.bins[4].share).toBeCloseTo(3 / 7, 12);
    expect(result.total).toBe(7);
    expect(result.bins[6]).toMatchObject({ count: 2 });
    expect(result.bins[6].low).toBeCloseTo(0.6, 12);
  });

  it("leaves values outside [0, 1] out and counts them", () => {
    const result = histogram([0.5, 1.2, -0.1, NaN], 2);
    expect(result.bins.map((b) => b.count)).toEqual([0, 1]);
    expect(result.total).toBe(1);
    expect(result.outOfRange).toBe(3);
    expect(result.bins[1].share).toBe(1);
  });

  it("gives zero shares for no values", () => {
    const result = histogram([], 5);
    expect(result.total).toBe(0);
    expect(result.bins.every((b) => b.count === 0 && b.share === 0)).toBe(true);
  });
});

describe("confidentShare", () => {
  it("counts labels at least the margin from 0.5, the edge included", () => {
    // margin 0.1: 0.05 yes, 0.4 yes (edge), 0.45 no, 0.5 no, 0.6 yes (edge), 0.95 yes -> 4 / 6
    expect(confidentShare([0.05, 0.4, 0.45, 0.5, 0.6, 0.95], 0.1)).toBeCloseTo(4 / 6, 12);
    // margin 0.3: 0.05 and 0.95 only -> 2 / 6
    expect(confidentShare([0.05, 0.4, 0.45, 0.5, 0.6, 0.95], 0.3)).toBeCloseTo(2 / 6, 12);
    expect(confidentShare([0.5], 0)).toBe(1);
  });

  it("is null for no values and refuses what is not a probability", () => {
    expect(confidentShare([], 0.1)).toBeNull();
    expect(() => confidentShare([1.5], 0.1)).toThrow();
    expect(() => confidentShare([0.5], 0.6)).toThrow();
  });
});
