import { describe, expect, it } from "vitest";
import { rankArms } from "@/lib/cai/experiments/arm-ranking";

describe("rankArms", () => {
  it("ranks by Bradley-Terry strength and Holm-corrects the pairs' sign tests", () => {
    const ranking = rankArms([
      { x: "v2", y: "v3", wins: 1, ties: 0, losses: 9 }, // sign test p = 22 / 1024
      { x: "v3", y: "v1", wins: 8, ties: 1, losses: 1 }, // p = 20 / 512
      { x: "v2", y: "v1", wins: 5, ties: 0, losses: 5 }, // p = 1
    ]);
    expect(ranking.arms.map((a) => a.arm)).toEqual(["v3", expect.any(String), expect.any(String)]);
    expect(ranking.arms[0].rank).toBe(1);
    // Holm: 0.021484375 x 3 = 0.064453125, 0.0390625 x 2 = 0.078125, 1 x 1 = 1
    expect(ranking.pairs.map((p) => p.p)).toEqual([0.021484375, 0.0390625, 1]);
    expect(ranking.pairs[0].pHolm).toBeCloseTo(0.064453125, 14);
    expect(ranking.pairs[1].pHolm).toBeCloseTo(0.078125, 14);
    expect(ranking.pairs[2].pHolm).toBe(1);
    expect(ranking.pairs[1].winRate).toBe(0.85);
  });

  it("recovers strengths 4 : 2 : 1 from counts that follow them (P(A > B) = 2/3, P(A > C) = 4/5, P(B > C) = 2/3)", () => {
    const ranking = rankArms([
      { x: "A", y: "B", wins: 2000, ties: 0, losses: 1000 },
      { x: "A", y: "C", wins: 2400, ties: 0, losses: 600 },
      { x: "C", y: "B", wins: 900, ties: 200, losses: 1900 }, // B 2000 of 3000 with the ties as halves
    ]);
    const strength = Object.fromEntries(ranking.arms.map((a) => [a.arm, a.strength]));
    expect(ranking.arms.map((a) => a.arm)).toEqual(["A", "B", "C"]);
    expect(ranking.arms.map((a) => a.rank)).toEqual([1, 2, 3]);
    // the prior's one virtual tie per arm moves these by well under 0.1% at 6,000 games per arm
    expect(strength.A / strength.B).toBeCloseTo(2, 2);
    expect(strength.B / strength.C).toBeCloseTo(2, 2);
    expect(strength.A * strength.B * strength.C).toBeCloseTo(1, 10);
  });

  it("gives equally strong arms the same rank", () => {
    const ranking = rankArms([{ x: "a", y: "b", wins: 3, ties: 4, losses: 3 }]);
    expect(ranking.arms.map((a) => a.rank)).toEqual([1, 1]);
  });
});
