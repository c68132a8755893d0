import { describe, expect, it } from "vitest";
import { orderPair, positionBias, positionBiasByGroup, type OrderPair } from "./position-bias";

// four comparisons judged in both orders
const pairs: OrderPair[] = [
  { pFirst: 0.8, pSwappedFirst: 0.3 }, // P(A) 0.8 then 0.7: A both times, no flip
  { pFirst: 0.7, pSwappedFirst: 0.6 }, // P(A) 0.7 then 0.4: whichever is first wins, a flip to first
  { pFirst: 0.4, pSwappedFirst: 0.5 }, // P(A) 0.4 then 0.5: the second order picks nothing, no flip
  { pFirst: 0.2, pSwappedFirst: 0.9 }, // P(A) 0.2 then 0.1: B both times, no flip
];

describe("positionBias", () => {
  it("measures preference for the first position by hand", () => {
    const result = positionBias(pairs);
    expect(result.pairs).toBe(4);
    // order 1: (0.8 + 0.7 + 0.4 + 0.2) / 4 = 0.525; order 2: (0.7 + 0.4 + 0.5 + 0.1) / 4 = 0.425
    expect(result.meanPAOrder1).toBeCloseTo(0.525, 12);
    expect(result.meanPAOrder2).toBeCloseTo(0.425, 12);
    // first position: (0.55 + 0.65 + 0.45 + 0.55) / 4 = 0.55 = (1 + 0.525 - 0.425) / 2
    expect(result.meanFirst).toBeCloseTo(0.55, 12);
    // judgments picking first: 0.8, 0.7, 0.6, 0.9 = 4; picking second: 0.3, 0.4, 0.2 = 3; 0.5 none -> 4/7
    expect(result.firstPreferredShare).toBeCloseTo(4 / 7, 12);
    expect(result.flipRate).toBe(0.25);
    expect(result.flipsToFirst).toBe(1);
    expect(result.flipsToSecond).toBe(0);
  });

  it("sees no bias in a judge consistent across orders", () => {
    // P(A) 0.9 in both orders, and 0.3 in both: first position gets 0.9, 0.1, 0.3, 0.7 -> mean 0.5
    const result = positionBias([orderPair(0.9, 0.9), orderPair(0.3, 0.3)]);
    expect(result.meanFirst).toBeCloseTo(0.5, 12);
    expect(result.meanPAOrder1).toBeCloseTo(result.meanPAOrder2!, 12);
    expect(result.firstPreferredShare).toBe(0.5);
    expect(result.flipRate).toBe(0);
  });

  it("counts a recency flip separately", () => {
    // P(A) 0.3 shown first, 0.8 shown second: the second-shown wins both times
    const result = positionBias([orderPair(0.3, 0.8)]);
    expect(result).toMatchObject({ flipsToFirst: 0, flipsToSecond: 1, flipRate: 1 });
    expect(result.meanFirst).toBeCloseTo(0.25, 12); // (0.3 + 0.2) / 2
  });

  it("is null for no pairs and refuses what is not a probability", () => {
    expect(positionBias([])).toMatchObject({ pairs: 0, meanFirst: null, flipRate: null, firstPreferredShare: null });
    expect(positionBias([{ pFirst: 0.5, pSwappedFirst: 0.5 }]).firstPreferredShare).toBeNull();
    expect(() => positionBias([{ pFirst: 1.2, pSwappedFirst: 0.5 }])).toThrow();
  });

  it("turns labels stored per response A into the first-position view", () => {
    expect(orderPair(0.8, 0.7).pFirst).toBe(0.8);
    expect(orderPair(0.8, 0.7).pSwappedFirst).toBeCloseTo(0.3, 12);
  });
});

describe("positionBiasByGroup", () => {
  it("reports each principle on its own", () => {
    const result = positionBiasByGroup([
      { key: 3, pairs: pairs.slice(0, 2) },
      { key: 7, pairs: [] },
    ]);
    expect(result.map((r) => r.key)).toEqual([3, 7]);
    // principle 3: flips 1 of 2; first position (0.55 + 0.65) / 2 = 0.6
    expect(result[0].flipRate).toBe(0.5);
    expect(result[0].meanFirst).toBeCloseTo(0.6, 12);
    expect(result[1].flipRate).toBeNull();
  });
});
