import { describe, expect, it } from "vitest";
import { binomialHalfCdf, signTest } from "@/lib/cai/experiments/sign-test";

describe("signTest", () => {
  it("9 wins of 10: 2 x (C(10,0) + C(10,1)) / 2^10 = 22 / 1024", () => {
    expect(signTest(9, 1).p).toBeCloseTo(0.021484375, 14);
    expect(signTest(1, 9).p).toBeCloseTo(0.021484375, 14);
    expect(signTest(9, 1)).toMatchObject({ n: 10, wins: 9, losses: 1 });
  });

  it("10 of 10: 2 / 1024; 8 of 9: 2 x 10 / 512", () => {
    expect(signTest(10, 0).p).toBeCloseTo(0.001953125, 15);
    expect(signTest(8, 1).p).toBeCloseTo(0.0390625, 14);
  });

  it("an even split, or nothing to test, gives 1 (two tails over the middle are capped)", () => {
    expect(signTest(5, 5).p).toBe(1);
    expect(signTest(3, 4).p).toBe(1);
    expect(signTest(0, 0).p).toBe(1);
  });

  it("agrees with R's binom.test at n = 100 and n = 10,000 (scipy.stats.binomtest)", () => {
    expect(signTest(60, 40).p).toBeCloseTo(0.05688793364098089, 12);
    expect(signTest(4900, 5100).p).toBeCloseTo(0.04658552770494645, 12);
  });

  it("rejects counts that are not whole numbers", () => {
    expect(() => signTest(2.5, 1)).toThrow(/whole number/);
    expect(() => signTest(-1, 1)).toThrow(/whole number/);
  });
});

describe("binomialHalfCdf", () => {
  it("sums the Binomial(n, 1/2) terms up to k", () => {
    // P(X <= 2), n = 4: (1 + 4 + 6) / 16
    expect(binomialHalfCdf(2, 4)).toBeCloseTo(11 / 16, 15);
    expect(binomialHalfCdf(-1, 4)).toBe(0);
    expect(binomialHalfCdf(4, 4)).toBe(1);
    expect(binomialHalfCdf(4900, 10_000)).toBeCloseTo(0.023292763852473225, 12);
  });
});
