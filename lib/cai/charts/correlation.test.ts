import { describe, expect, it } from "vitest";
import { correlation, correlationFromMoments, momentsOf } from "./correlation";

describe("correlation from moments", () => {
  it("gives Pearson's r of worked examples", () => {
    // x 1 2 3, y 4 3 2: a perfect fall
    expect(
      correlation([
        { x: 1, y: 4 },
        { x: 2, y: 3 },
        { x: 3, y: 2 },
      ]),
    ).toBe(-1);
    // x 1 2 3, y 1 3 2: by hand, sxy = 1, sxx = 2, syy = 2, r = 1 / 2
    expect(
      correlation([
        { x: 1, y: 1 },
        { x: 2, y: 3 },
        { x: 3, y: 2 },
      ]),
    ).toBeCloseTo(0.5, 12);
    // r is the same after shifting and scaling either side
    expect(
      correlation([
        { x: 1001, y: 10 },
        { x: 1002, y: 30 },
        { x: 1003, y: 20 },
      ]),
    ).toBeCloseTo(0.5, 9);
  });

  it("answers null under two pairs or without spread, as Postgres corr() does", () => {
    expect(correlation([])).toBeNull();
    expect(correlation([{ x: 1, y: 2 }])).toBeNull();
    expect(
      correlation([
        { x: 1, y: 2 },
        { x: 1, y: 3 },
      ]),
    ).toBeNull();
    // 0.1 + 0.2 style rounding: equal values summed and cancelled are still no spread
    expect(correlation([0.1, 0.1, 0.1].map((x, i) => ({ x, y: i })))).toBeNull();
  });

  it("adds up: moments of two halves give the whole's r", () => {
    const points = [
      [1, 2],
      [2, 1],
      [4, 5],
      [3, 3],
      [0.5, 0.2],
    ].map(([x, y]) => ({ x, y }));
    const a = momentsOf(points.slice(0, 2));
    const b = momentsOf(points.slice(2));
    const sum = { n: a.n + b.n, sumX: a.sumX + b.sumX, sumY: a.sumY + b.sumY, sumXX: a.sumXX + b.sumXX, sumYY: a.sumYY + b.sumYY, sumXY: a.sumXY + b.sumXY };
    // by hand, from deviations about the means 2.1 and 2.24: sxy = 9.58, sxx = 8.2, syy = 13.952
    // (correlation(points) is correlationFromMoments(momentsOf(points)), so it cannot be the reference alone)
    expect(correlationFromMoments(sum)).toBeCloseTo(9.58 / Math.sqrt(8.2 * 13.952), 12);
    expect(correlationFromMoments(sum)).toBeCloseTo(correlation(points)!, 12);
  });
});
