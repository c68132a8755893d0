import { describe, expect, it } from "vitest";
import { KRIPPENDORFF_2011_UNITS } from "@/test/fixtures/krippendorff-2011";
import { aiChoice, cohensKappa, confidenceBinIndex, krippendorffAlpha } from "./agreement";

describe("cohensKappa", () => {
  it("matches the textbook two-rater example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> 0.4", () => {
    const pairs: [string, string][] = [...Array(20).fill(["yes", "yes"]), ...Array(5).fill(["yes", "no"]), ...Array(10).fill(["no", "yes"]), ...Array(15).fill(["no", "no"])];
    const result = cohensKappa(pairs);
    // observed 35/50 = 0.7; expected 0.5 x 0.6 + 0.5 x 0.4 = 0.5; (0.7 - 0.5) / (1 - 0.5) = 0.4
    expect(result.observed).toBeCloseTo(0.7, 10);
    expect(result.expected).toBeCloseTo(0.5, 10);
    expect(result.kappa).toBeCloseTo(0.4, 10);
  });

  it("is 1 for perfect agreement, below 0 for systematic disagreement, null when undefined", () => {
    expect(
      cohensKappa([
        ["A", "A"],
        ["B", "B"],
        ["A", "A"],
      ]).kappa,
    ).toBeCloseTo(1, 10);
    expect(
      cohensKappa([
        ["A", "B"],
        ["B", "A"],
      ]).kappa,
    ).toBeCloseTo(-1, 10);
    expect(
      cohensKappa([
        ["A", "A"],
        ["A", "A"],
      ]).kappa,
    ).toBeNull();
    expect(cohensKappa([]).kappa).toBeNull();
  });
});

describe("krippendorffAlpha", () => {
  it("matches Krippendorff's (2011) nominal example with missing values: 0.743", () => {
    const { alpha, pairable } = krippendorffAlpha(KRIPPENDORFF_2011_UNITS);
    expect(pairable).toBe(40);
    expect(alpha).toBeCloseTo(0.743, 3);
  });

  it("is 1 when every pairable unit agrees, and leaves out units with a single answer", () => {
    expect(
      krippendorffAlpha([
        ["A", "A"],
        ["B", "B", undefined],
        ["A", undefined],
      ]).alpha,
    ).toBeCloseTo(1, 10);
    expect(
      krippendorffAlpha([
        ["A", "A"],
        ["A", "A"],
      ]).alpha,
    ).toBeNull();
  });

  it("equals (about) Cohen's kappa for two raters with no missing values and many units", () => {
    const pairs: [string, string][] = [...Array(40).fill(["A", "A"]), ...Array(10).fill(["A", "B"]), ...Array(10).fill(["B", "A"]), ...Array(40).fill(["B", "B"])];
    const kappa = cohensKappa(pairs).kappa!;
    const alpha = krippendorffAlpha(pairs.map((p) => [...p])).alpha!;
    expect(Math.abs(alpha - kappa)).toBeLessThan(0.01);
  });
});

describe("aiChoice and confidenceBinIndex", () => {
  it("reads the AI's answer from P(A) and bins |P(A) - 0.5|", () => {
    expect([aiChoice(0.7), aiChoice(0.3), aiChoice(0.5)]).toEqual(["A", "B", undefined]);
    // 0.3 is exactly 0.2 from 0.5: the third bin, despite floating point
    expect([0.55, 0.45, 0.3, 0.95, 0.02, 1].map((pA) => confidenceBinIndex(pA))).toEqual([0, 0, 2, 4, 4, 4]);
  });
});
