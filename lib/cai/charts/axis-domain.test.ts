import { describe, expect, it } from "vitest";
import { fittedAxis } from "./axis-domain";

describe("fittedAxis", () => {
  it("fits means and interval ends with 5% room on round ticks, not from 0", () => {
    // -3.853..8.853, 5% room: -4.49..9.49; a quarter of the span 3.5 -> step 5: -5, 0, 5, 10
    expect(fittedAxis([2, -0.484, 4.484, 2.5, -3.853, 8.853, null])).toEqual({ domain: [-5, 10], ticks: [-5, 0, 5, 10] });
    // 2.38..2.62, room 0.012: 2.368..2.632; a quarter 0.066 -> step 0.1: 2.3..2.7
    expect(fittedAxis([2.41, 2.5, 2.38, 2.62])).toEqual({ domain: [2.3, 2.7], ticks: [2.3, 2.4, 2.5, 2.6, 2.7] });
  });

  it("widens a single value by a step of its size, and leaves no values to the chart", () => {
    // 0.6..0.8, a quarter 0.05 -> step 0.05
    expect(fittedAxis([0.7])).toEqual({ domain: [0.6, 0.8], ticks: [0.6, 0.65, 0.7, 0.75, 0.8] });
    expect(fittedAxis([0])?.domain).toEqual([-1, 1]);
    expect(fittedAxis([null, undefined, Number.NaN])).toBeUndefined();
  });
});
