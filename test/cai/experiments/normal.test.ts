import { describe, expect, it } from "vitest";
import { normalCdf } from "@/lib/cai/experiments/normal";

describe("normalCdf", () => {
  it("matches the normal table to the fit's 1.2e-7 relative error, tails included", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 7);
    // scipy.stats.norm.cdf(-5) = 2.866515718791933e-07: relative, not absolute, accuracy in the tail
    expect(Math.abs(normalCdf(-5) / 2.866515718791933e-7 - 1)).toBeLessThan(1.2e-7);
    expect(normalCdf(1) + normalCdf(-1)).toBeCloseTo(1, 12);
  });
});
