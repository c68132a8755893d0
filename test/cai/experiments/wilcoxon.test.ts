import { describe, expect, it } from "vitest";
import { averageRanks, signedRankCounts, wilcoxonSignedRank, WILCOXON_EXACT_BELOW } from "@/lib/cai/experiments/wilcoxon";
import { SeededRandom } from "@/lib/cai/experiments/random";

describe("signedRankCounts", () => {
  it("counts the subsets of {1, 2, 3} by their sum: 0 1 2 3 4 5 6 -> 1 1 1 2 1 1 1", () => {
    expect(Array.from(signedRankCounts(3))).toEqual([1, 1, 1, 2, 1, 1, 1]);
    expect(Array.from(signedRankCounts(20)).reduce((a, b) => a + b, 0)).toBe(2 ** 20);
  });
});

describe("averageRanks", () => {
  it("gives tied values the mean of their positions", () => {
    const { ranks, tieGroups } = averageRanks(Float64Array.from([5, 1, 2, 2, 5, 5]));
    expect(Array.from(ranks)).toEqual([5, 1, 2.5, 2.5, 5, 5]);
    expect(tieGroups).toEqual([2, 3]);
  });
});

describe("wilcoxonSignedRank", () => {
  it("Hollander & Wolfe's Hamilton depression scale (9 patients): V = 40, exact p = 20 / 512", () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    // negative differences -0.147 and -0.08 have ranks 3 and 2: V- = 5, V+ = 45 - 5 = 40; the sign
    // patterns with V- <= 5 are {}, {1}, {2}, {3}, {1,2}, {4}, {1,3}, {5}, {1,4}, {2,3}: 10 of 2^9
    const result = wilcoxonSignedRank(x.map((v, i) => v - y[i]));
    expect(result).toMatchObject({ n: 9, zeros: 0, vPlus: 40, method: "exact" });
    expect(result.p).toBeCloseTo(0.0390625, 15);
  });

  it("uses the normal approximation with tie and continuity corrections once ties or zeros appear", () => {
    // zero dropped: n = 9; |d| = 1 2 2 3 4 5 5 5 6, ranks 1 2.5 2.5 4 5 7 7 7 9; V+ = 1 + 2.5 + 2.5 + 5 + 21 = 32
    // sigma^2 = 9 x 10 x 19 / 24 - ((2^3 - 2) + (3^3 - 3)) / 48 = 71.25 - 0.625 = 70.625
    // z = (32 - 22.5 - 0.5) / sqrt(70.625) = 1.070936; p = 2 (1 - Phi(z)) = 0.284198 (scipy: 0.2841984722655396)
    const result = wilcoxonSignedRank([1, 2, 2, -3, 4, 0, 5, 5, 5, -6]);
    expect(result).toMatchObject({ n: 9, zeros: 1, vPlus: 32, method: "normal" });
    expect(result.z!).toBeCloseTo(9 / Math.sqrt(70.625), 12);
    expect(result.p).toBeCloseTo(0.2841984722655396, 6);
  });

  it("is exact below 50 nonzero differences without ties, normal from 50", () => {
    const differences = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    expect(wilcoxonSignedRank(differences(WILCOXON_EXACT_BELOW - 1)).method).toBe("exact");
    expect(wilcoxonSignedRank(differences(WILCOXON_EXACT_BELOW)).method).toBe("normal");
  });

  it("gives p = 1 for a symmetric sample and for no nonzero difference", () => {
    expect(wilcoxonSignedRank([1, -1.5, 2, -2.5, -1, 1.5, -2, 2.5]).p).toBe(1);
    expect(wilcoxonSignedRank([0, 0]).p).toBe(1);
    expect(wilcoxonSignedRank([]).p).toBe(1);
  });

  it("the exact p of all 6 differences positive is 2 / 64", () => {
    expect(wilcoxonSignedRank([0.3, 1, 2, 4, 8, 16]).p).toBeCloseTo(2 / 64, 15);
  });
});

describe("wilcoxonSignedRank against scipy.stats.wilcoxon", () => {
  // the differences are drawn from the seeded generator, so scipy saw these very numbers
  const random = new SeededRandom(9);
  const d20 = Array.from({ length: 20 }, () => Math.round((random.next() - 0.35) * 1000) / 100);
  const d300 = Array.from({ length: 300 }, () => Math.round((random.next() - 0.45) * 20) / 2);

  it("exact at n = 20: p = 0.0031528472900390625 (scipy, method='exact')", () => {
    const result = wilcoxonSignedRank(d20);
    expect(result).toMatchObject({ n: 20, vPlus: 181, method: "exact" });
    expect(result.p).toBeCloseTo(0.0031528472900390625, 15);
  });

  it("normal at n = 300 with ties and 10 zeros: p = 1.3989185785e-5 (scipy, zero_method='wilcox', correction=True)", () => {
    const result = wilcoxonSignedRank(d300);
    expect(result).toMatchObject({ n: 290, zeros: 10, method: "normal" });
    // scipy's statistic is V- = 290 x 291 / 2 - V+ = 14,896
    expect((290 * 291) / 2 - result.vPlus).toBe(14_896);
    expect(Math.abs(result.p / 1.3989185785346482e-5 - 1)).toBeLessThan(1e-6);
  });
});
