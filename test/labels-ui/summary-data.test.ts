import { describe, expect, it } from "vitest";
import { prepareFlips, prepareHistogram } from "@/components/labels/summary-data";
import type { LabelRunSummary } from "@/lib/schemas/labels";

// The labeling-run summary's numbers, decided before anything is drawn.

const bins = (raw: number[], used: number[]) => raw.map((r, i) => ({ low: i / 10, high: (i + 1) / 10, raw: r, used: used[i] }));

const summary: LabelRunSummary = {
  runId: 1,
  judged: 10,
  confident: 0,
  nearHalf: 6,
  // chain of thought: raw verdicts at the extremes, clamped ones all inside [0.4, 0.6]
  histogram: bins([3, 1, 0, 0, 0, 0, 1, 0, 1, 4], [0, 0, 0, 0, 4, 6, 0, 0, 0, 0]),
  perPrinciple: [
    { principleId: 1, key: "harmless", labels: 20, pairsBothOrders: 10, flips: 1, flipRate: 0.1 },
    { principleId: 2, key: "ethical", labels: 5, pairsBothOrders: 0, flips: 0, flipRate: null },
    { principleId: 3, key: "wise", labels: 20, pairsBothOrders: 10, flips: 4, flipRate: 0.4 },
    { principleId: 4, key: "kind", labels: 20, pairsBothOrders: 10, flips: 1, flipRate: 0.1 },
  ],
  flipRate: 0.2,
};

describe("prepareHistogram", () => {
  it("labels ten bins over [0, 1] in order, with raw and used counts side by side", () => {
    const prepared = prepareHistogram({ ...summary, histogram: [...summary.histogram].reverse() });
    expect(prepared.bins.map((b) => b.range)).toEqual(["0.0–0.1", "0.1–0.2", "0.2–0.3", "0.3–0.4", "0.4–0.5", "0.5–0.6", "0.6–0.7", "0.7–0.8", "0.8–0.9", "0.9–1.0"]);
    expect(prepared.bins.map((b) => b.raw)).toEqual([3, 1, 0, 0, 0, 0, 1, 0, 1, 4]);
    expect(prepared.bins.map((b) => b.used)).toEqual([0, 0, 0, 0, 4, 6, 0, 0, 0, 0]);
    expect(prepared.maxCount).toBe(6);
    expect(prepared.clamped).toBe(true);
  });

  it("counts confident, near-0.5 and in-between verdicts with their shares", () => {
    const prepared = prepareHistogram(summary);
    expect(prepared).toMatchObject({ judged: 10, confident: 0, nearHalf: 6, between: 4, confidentShare: 0, nearHalfShare: 0.6 });
  });

  it("has no shares and no clamping before any verdict", () => {
    const prepared = prepareHistogram({ judged: 0, confident: 0, nearHalf: 0, histogram: bins(Array(10).fill(0), Array(10).fill(0)) });
    expect(prepared).toMatchObject({ maxCount: 0, clamped: false, between: 0, confidentShare: null, nearHalfShare: null });
  });
});

describe("prepareFlips", () => {
  it("puts the principles that flip most first, ties by key, one-order-only last", () => {
    const prepared = prepareFlips(summary);
    expect(prepared.rows.map((r) => r.key)).toEqual(["wise", "harmless", "kind", "ethical"]);
    expect(prepared.overall).toEqual({ pairsBothOrders: 30, flips: 6, flipRate: 0.2 });
  });

  it("computes the overall rate when the summary has none, and none without pairs in both orders", () => {
    expect(prepareFlips({ perPrinciple: summary.perPrinciple, flipRate: null }).overall.flipRate).toBeCloseTo(0.2, 12);
    expect(prepareFlips({ perPrinciple: [summary.perPrinciple[1]], flipRate: null }).overall).toEqual({ pairsBothOrders: 0, flips: 0, flipRate: null });
  });
});
