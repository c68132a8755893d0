import { describe, expect, it } from "vitest";
import { fitLogistic, logistic } from "@/lib/cai/experiments/logistic";
import { lengthControlledWinRate, lengthLogRatio, type LengthPreference } from "@/lib/cai/experiments/length-controlled";
import { SeededRandom } from "@/lib/cai/experiments/random";

const logit = (p: number) => Math.log(p / (1 - p));
/** `wins` of `n` prompts won by X with X's answer `lengthX` and Y's `lengthY` characters long */
const group = (n: number, wins: number, lengthX: number, lengthY: number): LengthPreference[] => Array.from({ length: n }, (_, i) => ({ pX: i < wins ? 1 : 0, lengthX, lengthY }));

describe("fitLogistic", () => {
  it("fits a saturated model exactly: x = -1, 4 of 10 wins; x = +1, 8 of 10", () => {
    const x = [...Array(10).fill(-1), ...Array(10).fill(1)];
    const y = [...[1, 1, 1, 1, 0, 0, 0, 0, 0, 0], ...[1, 1, 1, 1, 1, 1, 1, 1, 0, 0]];
    const fit = fitLogistic(x, y);
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo((logit(0.4) + logit(0.8)) / 2, 10); // ln(8/3) / 2 = 0.490415
    expect(fit.slope).toBeCloseTo((logit(0.8) - logit(0.4)) / 2, 10); // ln 6 / 2 = 0.895880
    expect(fit.intercept).toBeCloseTo(Math.log(8 / 3) / 2, 10);
  });

  it("treats a soft label like the same share of wins: every y = 0.4 at x = -1, 0.8 at x = +1", () => {
    const fit = fitLogistic([-1, -1, 1, 1], [0.4, 0.4, 0.8, 0.8]);
    expect(fit.intercept).toBeCloseTo(Math.log(8 / 3) / 2, 10);
    expect(fit.slope).toBeCloseTo(Math.log(6) / 2, 10);
  });

  it("counts a row of weight k as k copies of it", () => {
    const w = fitLogistic([0, 1, 2, 1], [0, 1, 0, 0], { weights: Float64Array.from([2, 3, 1, 1]) });
    const r = fitLogistic([0, 0, 1, 1, 1, 2, 1], [0, 0, 1, 1, 1, 0, 0]);
    expect(w.converged).toBe(true);
    expect(w.intercept).toBeCloseTo(r.intercept, 10);
    expect(w.slope).toBeCloseTo(r.slope, 10);
  });

  it("without spread in x fits the intercept alone: logit of the mean", () => {
    const fit = fitLogistic([2, 2, 2, 2], [1, 1, 1, 0]);
    expect(fit.slope).toBe(0);
    expect(fit.intercept).toBeCloseTo(logit(0.75), 10);
  });
});

describe("lengthControlledWinRate", () => {
  it("sees through a judge that only likes length: raw 0.68 because X is usually longer, 0.5 at equal length", () => {
    // X twice as long on 80 prompts, wins 64 (80%); half as long on 20, wins 4 (20%): raw (64 + 4) / 100 = 0.68
    const items = [...group(80, 64, 200, 100), ...group(20, 4, 100, 200)];
    const result = lengthControlledWinRate(items, { seed: 1 });
    expect(result.n).toBe(100);
    // saturated: b0 = (logit 0.8 + logit 0.2) / 2 = 0, b1 = logit 0.8 / ln 2 = ln 4 / ln 2 = 2
    expect(result.winRate!).toBeCloseTo(0.5, 10);
    expect(result.slope!).toBeCloseTo(2, 10);
    expect(result.interval!.low).toBeLessThan(0.5);
    expect(result.interval!.high).toBeGreaterThan(0.5);
  });

  it("keeps a real advantage: X wins 80% when longer and 60% when shorter -> logistic((logit 0.8 + logit 0.6) / 2)", () => {
    const items = [...group(50, 40, 300, 150), ...group(50, 30, 150, 300)];
    const result = lengthControlledWinRate(items, { seed: 1 });
    const want = logistic((logit(0.8) + logit(0.6)) / 2); // sqrt(6) / (1 + sqrt(6)) = 0.710102
    expect(result.winRate!).toBeCloseTo(want, 10);
    expect(result.winRate!).toBeCloseTo(Math.sqrt(6) / (1 + Math.sqrt(6)), 10);
    expect(result.interval!.low).toBeGreaterThan(0.5);
  });

  it("with soft labels regresses P(X better) itself", () => {
    const items: LengthPreference[] = [
      { pX: 0.4, lengthX: 100, lengthY: 200 },
      { pX: 0.4, lengthX: 50, lengthY: 100 },
      { pX: 0.8, lengthX: 200, lengthY: 100 },
      { pX: 0.8, lengthX: 100, lengthY: 50 },
    ];
    const soft = lengthControlledWinRate(items, { seed: 1, soft: true });
    expect(soft.winRate!).toBeCloseTo(logistic(Math.log(8 / 3) / 2), 10);
    // as outcomes, 0.4 is a loss and 0.8 a win: perfectly separated by length, so no finite fit
    expect(lengthControlledWinRate(items, { seed: 1 }).fit!.converged).toBe(false);
  });

  it("measures length as a log ratio of characters, an empty answer counted as 1 character", () => {
    expect(lengthLogRatio(200, 100)).toBeCloseTo(Math.LN2, 15);
    expect(lengthLogRatio(100, 200)).toBeCloseTo(-Math.LN2, 15);
    expect(lengthLogRatio(0, 10)).toBeCloseTo(-Math.log(10), 15);
  });

  it("is reproducible from the seed", () => {
    const items = [...group(60, 40, 220, 100), ...group(40, 20, 90, 210), ...group(30, 18, 100, 100)];
    expect(lengthControlledWinRate(items, { seed: 9 })).toEqual(lengthControlledWinRate(items, { seed: 9 }));
    expect(lengthControlledWinRate(items, { seed: 9 }).interval).not.toEqual(lengthControlledWinRate(items, { seed: 10 }).interval);
  });
});

describe("the one-step bootstrap of large data", () => {
  it("gives the interval of full refits to within 0.001 at 3,000 prompts (O(1/n) apart)", () => {
    const random = new SeededRandom(5);
    const items: LengthPreference[] = Array.from({ length: 3000 }, () => {
      const lengthX = 100 + random.below(900);
      const lengthY = 100 + random.below(900);
      const pWin = logistic(0.4 + 0.9 * lengthLogRatio(lengthX, lengthY));
      return { pX: random.next() < pWin ? 0.8 : 0.2, lengthX, lengthY };
    });
    const oneStep = lengthControlledWinRate(items, { seed: 2, resamples: 400 });
    const full = lengthControlledWinRate(items, { seed: 2, resamples: 400, fullRefitUpTo: Infinity });
    expect(oneStep.winRate).toBe(full.winRate);
    expect(Math.abs(oneStep.interval!.low - full.interval!.low)).toBeLessThan(0.001);
    expect(Math.abs(oneStep.interval!.high - full.interval!.high)).toBeLessThan(0.001);
    expect(oneStep.interval).not.toEqual(full.interval);
  });
});
