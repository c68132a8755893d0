import { describe, expect, it } from "vitest";
import { outcomeOf, winRate } from "@/lib/cai/experiments/win-rate";

// a fixed stream of preferences: p = 0.9 on a share of the prompts, 0.1 on the rest
const preferences = (n: number, winShare: number) => Array.from({ length: n }, (_, i) => ((i * 7919) % n < winShare * n ? 0.9 : 0.1));

describe("outcomeOf", () => {
  it("reads P(X better) above 1/2 as a win, below as a loss, 1/2 (up to rounding) as a tie", () => {
    expect(outcomeOf(0.8)).toBe("win");
    expect(outcomeOf(0.2)).toBe("loss");
    // judged in both orders, 0.7 and 0.3 in X's terms: the mean is a tie whatever the rounding
    expect(outcomeOf((0.7 + 0.3) / 2)).toBe("tie");
    expect(outcomeOf(0.5 + 1e-12)).toBe("tie");
    expect(outcomeOf(0.55, 0.1)).toBe("tie");
    expect(() => outcomeOf(1.2)).toThrow(/\[0, 1\]/);
  });
});

describe("winRate", () => {
  it("counts a tie as half: 8 wins, 1 tie, 1 loss -> 8.5 / 10, sign test on 8 against 1", () => {
    const prefs = [0.9, 0.8, 0.7, 0.6, 0.9, 0.95, 1, 0.75, 0.5, 0.2];
    const result = winRate(prefs, { seed: 1 });
    expect(result).toMatchObject({ n: 10, wins: 8, ties: 1, losses: 1, winRate: 0.85 });
    expect(result.meanPreference).toBeCloseTo(7.3 / 10, 14);
    expect(result.signTest).toMatchObject({ n: 9, wins: 8, losses: 1 });
    expect(result.signTest.p).toBeCloseTo(0.0390625, 14);
  });

  it("leaves prompts without a verdict out", () => {
    const result = winRate([0.9, null, 0.1, null], { seed: 1 });
    expect(result).toMatchObject({ n: 2, wins: 1, losses: 1, winRate: 0.5 });
    expect(winRate([null], { seed: 1 })).toMatchObject({ n: 0, winRate: null, interval: null });
  });

  it("gives the same interval for the same seed and another for another seed", () => {
    const prefs = preferences(500, 0.6);
    const a = winRate(prefs, { seed: 42 });
    const b = winRate(prefs, { seed: 42 });
    const c = winRate(prefs, { seed: 43 });
    expect(b.interval).toEqual(a.interval);
    expect(c.interval).not.toEqual(a.interval);
    expect(winRate(prefs, { seed: "experiment-7" }).interval).toEqual(winRate(prefs, { seed: "experiment-7" }).interval);
  });

  it("an interval about as wide as the binomial standard error says: 2 x 1.96 x sqrt(0.6 x 0.4 / 1000) = 0.0607", () => {
    const result = winRate(preferences(1000, 0.6), { seed: 7 });
    expect(result.winRate).toBeCloseTo(0.6, 12);
    const { low, high } = result.interval!;
    expect(low).toBeLessThan(0.6);
    expect(high).toBeGreaterThan(0.6);
    expect(high - low).toBeGreaterThan(0.0607 * 0.9);
    expect(high - low).toBeLessThan(0.0607 * 1.1);
    // centred on the estimate, as the binomial is near 0.6
    expect(Math.abs((low + high) / 2 - 0.6)).toBeLessThan(0.006);
  });

  it("the number of resamples moves the interval only by Monte Carlo noise", () => {
    const prefs = preferences(1000, 0.6);
    const few = winRate(prefs, { seed: 7, resamples: 500 }).interval!;
    const many = winRate(prefs, { seed: 7 }).interval!;
    expect(Math.abs(few.high - few.low - (many.high - many.low))).toBeLessThan(0.01);
  });

  it("cannot vary when every prompt is a win: the interval is the point 1", () => {
    expect(winRate([1, 0.9, 0.8], { seed: 3 }).interval).toEqual({ low: 1, high: 1 });
  });
});
