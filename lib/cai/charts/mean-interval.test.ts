import { describe, expect, it } from "vitest";
import { meanInterval, meanIntervalFromAggregates, tQuantile975 } from "./mean-interval";

describe("meanInterval", () => {
  it("gives the mean, sd and t-interval of five scores", () => {
    // [1, 2, 3, 4, 5]: mean 3; squared deviations 4 + 1 + 0 + 1 + 4 = 10; variance 10 / 4 = 2.5,
    // sd = 1.5811388; standard error sqrt(2.5 / 5) = 0.7071068; t(0.975, 4) = 2.7764451;
    // half-width 2.7764451 * 0.7071068 = 1.9632432 -> [1.0367568, 4.9632432]
    const result = meanInterval([1, 2, 3, 4, 5]);
    expect(result.n).toBe(5);
    expect(result.mean).toBe(3);
    expect(result.sd).toBeCloseTo(1.5811388, 6);
    expect(result.low).toBeCloseTo(1.0367568, 6);
    expect(result.high).toBeCloseTo(4.9632432, 6);
  });

  it("gives no interval for one value and nothing for none", () => {
    expect(meanInterval([0.7])).toEqual({ n: 1, mean: 0.7, sd: null, low: null, high: null });
    expect(meanInterval([])).toEqual({ n: 0, mean: null, sd: null, low: null, high: null });
  });

  it("gives a zero-width interval for identical values", () => {
    expect(meanInterval([2, 2, 2])).toEqual({ n: 3, mean: 2, sd: 0, low: 2, high: 2 });
  });

  it("uses t, much wider than the normal 1.96, for two values", () => {
    // [0, 1]: mean 0.5, variance 0.5, sd 0.7071068, se 0.5; t(0.975, 1) = 12.7062047 -> half-width 6.3531024
    const result = meanInterval([0, 1]);
    expect(result.low).toBeCloseTo(0.5 - 6.3531024, 6);
    expect(result.high).toBeCloseTo(0.5 + 6.3531024, 6);
  });

  it("refuses NaN and infinite values", () => {
    expect(() => meanInterval([1, NaN])).toThrow(/finite/);
    expect(() => meanInterval([Infinity])).toThrow(/finite/);
  });
});

describe("meanIntervalFromAggregates", () => {
  it("matches the values' result from count, sum and sum of squares", () => {
    // [1..5]: n 5, sum 15, sum of squares 1 + 4 + 9 + 16 + 25 = 55; 55 - 15^2 / 5 = 10, as above
    const result = meanIntervalFromAggregates(5, 15, 55);
    expect(result.mean).toBe(3);
    expect(result.sd).toBeCloseTo(1.5811388, 6);
    expect(result.low).toBeCloseTo(1.0367568, 6);
    expect(result.high).toBeCloseTo(4.9632432, 6);
  });

  it("handles n = 0 and n = 1, and reads a rounding-negative variance as 0", () => {
    expect(meanIntervalFromAggregates(0, 0, 0).mean).toBeNull();
    expect(meanIntervalFromAggregates(1, 0.4, 0.16)).toEqual({ n: 1, mean: 0.4, sd: null, low: null, high: null });
    // three times 0.1: 0.03 - 0.3^2 / 3 is -3.5e-18 in floating point, not a real negative variance
    expect(meanIntervalFromAggregates(3, 0.1 + 0.1 + 0.1, 0.1 * 0.1 * 3).sd).toBe(0);
    expect(() => meanIntervalFromAggregates(-1, 0, 0)).toThrow();
    expect(() => meanIntervalFromAggregates(2.5, 0, 0)).toThrow();
  });
});

describe("tQuantile975", () => {
  it("reads the table for small df and approaches 1.96 for large df", () => {
    expect(tQuantile975(1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile975(10)).toBeCloseTo(2.2281, 4);
    expect(tQuantile975(30)).toBeCloseTo(2.0423, 4);
    // published t tables: df 40 -> 2.0211, 60 -> 2.0003, 120 -> 1.9799
    expect(tQuantile975(40)).toBeCloseTo(2.0211, 4);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 4);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 4);
    expect(tQuantile975(1e9)).toBeCloseTo(1.96, 2);
  });

  it("falls continuously from the table into the expansion", () => {
    expect(tQuantile975(31)).toBeLessThan(tQuantile975(30));
    expect(tQuantile975(30) - tQuantile975(31)).toBeLessThan(0.003);
    expect(() => tQuantile975(0)).toThrow();
  });
});
