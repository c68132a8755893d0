import { describe, expect, it } from "vitest";
import { holm } from "@/lib/cai/experiments/holm";

describe("holm", () => {
  it("matches R's p.adjust(c(0.01, 0.04, 0.03, 0.005), 'holm')", () => {
    // sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04; running max 0.02, 0.03, 0.06, 0.06
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((want, i) => expect(adjusted[i]).toBeCloseTo(want, 15));
  });

  it("keeps the adjusted values in the order of the raw ones and caps them at 1", () => {
    // 0.05 x 5, 0.02 x 4, 0.03 x 3, 0.04 x 2, 0.05 x 1 -> 0.05, 0.08, 0.09, 0.08 -> 0.09, 0.05 -> 0.09
    const adjusted = holm([0.05, 0.04, 0.03, 0.02, 0.01]);
    [0.09, 0.09, 0.09, 0.08, 0.05].forEach((want, i) => expect(adjusted[i]).toBeCloseTo(want, 15));
    expect(holm([0.4, 0.5, 0.6])).toEqual([1, 1, 1]);
  });

  it("leaves a single test alone and throws on a p outside [0, 1]", () => {
    expect(holm([0.03])).toEqual([0.03]);
    expect(holm([])).toEqual([]);
    expect(() => holm([0.1, 1.2])).toThrow(/\[0, 1\]/);
  });
});
