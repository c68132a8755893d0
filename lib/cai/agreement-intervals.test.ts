import { describe, expect, it } from "vitest";
import { KRIPPENDORFF_2011_UNITS } from "@/test/fixtures/krippendorff-2011";
import { krippendorffAlpha } from "./agreement";
import { aiAgreementByConfidence, aiAgreementScore, alphaScore, kappaOfTable, raterPairScore, type AiItem } from "./agreement-intervals";

const items = (n: number, pA: number, human: "A" | "B"): AiItem[] => Array.from({ length: n }, () => [{ pA, human }]);

describe("the AI against people, with intervals", () => {
  it("all agree: accuracy 1 and kappa 1, intervals [1, 1], and 40 pairs are enough to rely on", () => {
    const score = aiAgreementScore([...items(20, 0.9, "A"), ...items(20, 0.1, "B")]);
    expect(score).toMatchObject({ items: 40, n: 40, agree: 40, accuracy: 1, kappa: 1, reliable: true });
    expect(score.accuracyInterval).toEqual({ low: 1, high: 1 });
    expect(score.kappaInterval).toEqual({ low: 1, high: 1 });
  });

  it("all disagree: accuracy 0 and kappa 0 (the AI always A, people always B), intervals [0, 0]", () => {
    const score = aiAgreementScore(items(12, 0.8, "B"));
    // observed 0, expected by chance 1 x 0 + 0 x 1 = 0: kappa (0 - 0) / (1 - 0) = 0
    expect(score).toMatchObject({ items: 12, n: 12, agree: 0, accuracy: 0, kappa: 0, reliable: false });
    expect(score.accuracyInterval).toEqual({ low: 0, high: 0 });
    expect(score.kappaInterval).toEqual({ low: 0, high: 0 });
  });

  it("resamples pairs, not answers: three people on one pair move together", () => {
    // 10 pairs, each answered by three people who all agree with the AI, and 10 where all three disagree
    const triple = (pA: number, human: "A" | "B"): AiItem => [
      { pA, human },
      { pA, human },
      { pA, human },
    ];
    const score = aiAgreementScore([...Array(10).fill(triple(0.9, "A")), ...Array(10).fill(triple(0.9, "B"))]);
    expect(score).toMatchObject({ items: 20, n: 60, agree: 30, accuracy: 0.5 });
    // every resample's accuracy is a multiple of 1/20 (whole pairs), never of 1/60
    for (const bound of [score.accuracyInterval!.low, score.accuracyInterval!.high]) expect((bound * 20) % 1).toBeCloseTo(0, 6);
  });

  it("leaves out verdicts of exactly 0.5 (no AI answer), and a seeded fixture gives the same numbers every time", () => {
    const fixture: AiItem[] = Array.from({ length: 60 }, (_, i) => [{ pA: i % 7 === 0 ? 0.5 : ((i * 13) % 10) / 10 + 0.05, human: i % 3 === 0 ? "B" : "A" }]);
    const score = aiAgreementScore(fixture);
    expect(score.items).toBe(51);
    expect(aiAgreementScore(fixture)).toEqual(score);
    expect(score.accuracyInterval!.low).toBeLessThan(score.accuracy!);
    expect(score.accuracyInterval!.high).toBeGreaterThan(score.accuracy!);
    expect(score.kappaInterval!.low).toBeLessThan(score.kappa!);
    expect(score.kappaInterval!.high).toBeGreaterThan(score.kappa!);
    // 25 of 51 agree; the normal approximation 0.490 -/+ 1.96 x sqrt(0.490 x 0.510 / 51) is [0.353, 0.627]
    expect(score.accuracy).toBeCloseTo(25 / 51, 12);
    expect(score.accuracyInterval!.low).toBeCloseTo(18 / 51, 12);
    expect(score.accuracyInterval!.high).toBeCloseTo(32 / 51, 12);
    // AI A/people A 17, A/B 9, B/A 17, B/B 8: expected (26 x 34 + 25 x 17) / 51^2; kappa (1275 - 1309) / (2601 - 1309) = -1/38
    expect(score.kappa).toBeCloseTo(-1 / 38, 12);
    // the kappa interval pinned: seed AGREEMENT_SEED, 1000 resamples
    expect(score.kappaInterval!.low).toBeCloseTo(-0.2720495809396469, 12);
    expect(score.kappaInterval!.high).toBeCloseTo(0.2192541856925419, 12);
  });

  it("has no figures and no intervals on no pairs", () => {
    expect(aiAgreementScore([])).toMatchObject({ items: 0, n: 0, accuracy: null, accuracyInterval: null, kappa: null, kappaInterval: null, reliable: false });
  });

  it("bins by confidence, each bin with its own n and interval", () => {
    const bins = aiAgreementByConfidence([
      [{ pA: 0.55, human: "A" }], // confidence 0.05, agrees
      [{ pA: 0.45, human: "A" }], // 0.05, disagrees
      [{ pA: 0.95, human: "A" }], // 0.45, agrees
      [{ pA: 0.02, human: "B" }], // 0.48, agrees
      [{ pA: 0.5, human: "B" }], // no AI answer: left out
      [{ pA: 0.3, human: "B" }], // exactly 0.2: the third bin
    ]);
    expect(bins.map((b) => [b.items, b.n, b.agree])).toEqual([
      [2, 2, 1],
      [0, 0, 0],
      [1, 1, 1],
      [0, 0, 0],
      [2, 2, 2],
    ]);
    expect(bins[0].accuracy).toBe(0.5);
    expect(bins[0].accuracyInterval).toEqual({ low: 0, high: 1 });
    expect(bins[1].accuracy).toBeNull();
    expect(bins[4].accuracyInterval).toEqual({ low: 1, high: 1 });
  });
});

describe("people against each other, with intervals", () => {
  it("all agree: kappa 1 [1, 1]; all disagree (always A against always B): kappa 0 [0, 0]", () => {
    const agree = raterPairScore([...Array(5).fill(["A", "A"]), ...Array(5).fill(["B", "B"])]);
    expect(agree).toMatchObject({ n: 10, observed: 1, kappa: 1, kappaInterval: { low: 1, high: 1 }, observedInterval: { low: 1, high: 1 }, reliable: false });
    const disagree = raterPairScore(Array(8).fill(["A", "B"]));
    expect(disagree).toMatchObject({ n: 8, observed: 0, kappa: 0, kappaInterval: { low: 0, high: 0 } });
  });

  it("alpha: all agree is 1 [1, 1]; four pairs all (A, B) is -(m - 1)/m = -0.75 on every resample", () => {
    const agree = alphaScore([["A", "A"], ["B", "B"], ["A", "A", undefined], ["B", undefined, "B"], ["A"]]);
    expect(agree).toMatchObject({ alpha: 1, alphaInterval: { low: 1, high: 1 }, units: 4, reliable: false });
    // o_AB = o_BA = 4, n = 8, n_A = n_B = 4: alpha = 1 - 7 x 8 / (2 x 16) = -0.75
    const disagree = alphaScore(Array(4).fill(["A", "B"]));
    expect(disagree.alpha).toBeCloseTo(-0.75, 12);
    expect(disagree.alphaInterval!.low).toBeCloseTo(-0.75, 12);
    expect(disagree.alphaInterval!.high).toBeCloseTo(-0.75, 12);
  });
});

describe("the tables the bootstrap adds up", () => {
  it("kappaOfTable matches the textbook example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> 0.4", () => {
    expect(kappaOfTable([20, 5, 10, 15], 2).kappa).toBeCloseTo(0.4, 12);
    expect(kappaOfTable([3, 0, 0, 0], 2).kappa).toBeNull();
    expect(kappaOfTable([0, 0, 0, 0], 2)).toEqual({ kappa: null, observed: 0, n: 0 });
  });

  it("alpha from summed coincidence matrices equals Krippendorff's on the 2011 example (a resample of one unit each)", () => {
    const score = alphaScore(KRIPPENDORFF_2011_UNITS);
    expect(score.alpha).toBeCloseTo(krippendorffAlpha(KRIPPENDORFF_2011_UNITS).alpha!, 12);
    expect(score.units).toBe(11); // unit 12 has one value
    expect(score.alphaInterval!.low).toBeLessThan(0.743);
    expect(score.alphaInterval!.high).toBeGreaterThan(0.743);
  });

  it("cuts the resamples to the draw budget on many pairs (100,000 pairs: 200), the figures unchanged", () => {
    const many: AiItem[] = Array.from({ length: 100_000 }, (_, i) => [{ pA: i % 3 === 0 ? 0.2 : 0.8, human: i % 5 === 0 ? "B" : "A" }]);
    const score = aiAgreementScore(many);
    expect(score).toMatchObject({ items: 100_000, n: 100_000, resamples: 200 });
    expect(score.accuracyInterval!.low).toBeLessThan(score.accuracy!);
    expect(score.accuracyInterval!.high).toBeGreaterThan(score.accuracy!);
    expect(score.accuracyInterval!.high - score.accuracyInterval!.low).toBeLessThan(0.01);
  });
});
