import { describe, expect, it } from "vitest";
import { fittedDomain } from "./axis-domain";

describe("fittedDomain", () => {
  it("fits means and interval ends with 5% room, not from 0", () => {
    // span 2.62 - 2.38 = 0.24; step 0.01; 2.38 - 0.012 = 2.368 -> 2.36; 2.62 + 0.012 = 2.632 -> 2.64
    expect(fittedDomain([2.41, 2.5, 2.38, 2.62, null])).toEqual([2.36, 2.64]);
    // negative scores too: span 3; step 0.1; -1.5 - 0.15 -> -1.7; 1.5 + 0.15 -> 1.7
    expect(fittedDomain([-1.5, 1.5])).toEqual([-1.7, 1.7]);
  });

  it("widens a single value by one step of its size, and leaves no values to the chart", () => {
    expect(fittedDomain([0.7])).toEqual([0.6, 0.8]);
    expect(fittedDomain([0])).toEqual([-1, 1]);
    expect(fittedDomain([null, undefined, Number.NaN])).toBeUndefined();
  });
});
