import { describe, expect, it } from "vitest";
import { reviewerPositionBias, wilsonInterval } from "./reviewer-position";

describe("wilsonInterval", () => {
  it("matches worked values", () => {
    // 5 of 10: centre 0.5, half-width 1.96·sqrt(0.025 + 0.0096)/1.384 = 0.2366
    const half = wilsonInterval(5, 10)!;
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    // all 4 of 4: the upper end is 1, the lower 4/(4 + 1.96²) = 0.5101
    const all = wilsonInterval(4, 4)!;
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.5101, 4);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe("reviewerPositionBias", () => {
  it("counts picks of the response shown first whichever side it was, ties apart, and pools everyone", () => {
    const rows = reviewerPositionBias([
      { rater: "rita", choice: "A", shownOrder: "AB" }, // first
      { rater: "rita", choice: "B", shownOrder: "BA" }, // first
      { rater: "rita", choice: "A", shownOrder: "BA" }, // second
      { rater: "rita", choice: "TIE", shownOrder: "AB" },
      { rater: "rob", choice: "B", shownOrder: "AB" }, // second
    ]);
    expect(rows.map((r) => [r.rater, r.n, r.first, r.share, r.ties])).toEqual([
      ["rita", 3, 2, 2 / 3, 1],
      ["rob", 1, 0, 0, 0],
      ["all reviewers", 4, 2, 0.5, 1],
    ]);
    expect(rows[2].low).toBeCloseTo(wilsonInterval(2, 4)!.low, 12);
  });

  it("gives one row without a pooled row for a single reviewer, and no share without A/B answers", () => {
    expect(reviewerPositionBias([{ rater: "rita", choice: "TIE", shownOrder: "AB" }])).toEqual([{ rater: "rita", n: 0, first: 0, share: null, low: null, high: null, ties: 1 }]);
  });
});
