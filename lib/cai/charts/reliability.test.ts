import { describe, expect, it } from "vitest";
import { outcomeOf, reliability } from "./reliability";

describe("reliability", () => {
  it("bins, ECE and Brier score of five labels, a tie among them", () => {
    const result = reliability(
      [
        { p: 0.2, outcome: 0 },
        { p: 0.4, outcome: 1 },
        { p: 0.7, outcome: 1 },
        { p: 0.9, outcome: 1 },
        { p: 0.8, outcome: 0.5 },
      ],
      2,
    );
    // [0, 0.5): 0.2 and 0.4 -> mean predicted 0.3, observed (0 + 1) / 2 = 0.5, gap 0.2
    expect(result.bins[0]).toMatchObject({ low: 0, high: 0.5, count: 2 });
    expect(result.bins[0].meanPredicted).toBeCloseTo(0.3, 12);
    expect(result.bins[0].observed).toBe(0.5);
    // [0.5, 1]: 0.7, 0.9, 0.8 -> mean predicted 0.8, observed (1 + 1 + 0.5) / 3 = 0.8333, gap 0.0333
    expect(result.bins[1].count).toBe(3);
    expect(result.bins[1].meanPredicted).toBeCloseTo(0.8, 12);
    expect(result.bins[1].observed).toBeCloseTo(2.5 / 3, 12);
    // ECE = 2/5 * 0.2 + 3/5 * 0.0333 = 0.08 + 0.02 = 0.1
    expect(result.ece).toBeCloseTo(0.1, 12);
    // Brier = (0.04 + 0.36 + 0.09 + 0.01 + 0.09) / 5 = 0.59 / 5 = 0.118
    expect(result.brier).toBeCloseTo(0.118, 12);
    expect(result.n).toBe(5);
  });

  it("scores a perfectly calibrated bin 0 and leaves empty bins null", () => {
    // four labels at 0.75, three came true: observed 0.75 = predicted, ECE 0;
    // Brier = (3 * 0.0625 + 0.5625) / 4 = 0.1875
    const result = reliability(
      [1, 1, 1, 0].map((o) => ({ p: 0.75, outcome: o as 0 | 1 })),
      4,
    );
    expect(result.ece).toBe(0);
    expect(result.brier).toBeCloseTo(0.1875, 12);
    expect(result.bins.map((b) => b.count)).toEqual([0, 0, 0, 4]);
    expect(result.bins[0]).toEqual({ low: 0, high: 0.25, count: 0, meanPredicted: null, observed: null });
  });

  it("is null for no points and refuses bad input", () => {
    expect(reliability([])).toMatchObject({ n: 0, ece: null, brier: null });
    expect(() => reliability([{ p: 1.1, outcome: 1 }])).toThrow();
    expect(() => reliability([{ p: 0.5, outcome: 2 as 1 }])).toThrow();
  });

  it("maps people's answers to outcomes", () => {
    expect([outcomeOf("A"), outcomeOf("B"), outcomeOf("tie")]).toEqual([1, 0, 0.5]);
  });
});
