import { afterAll, describe, expect, it } from "vitest";
import { confidentShare, histogram, meanInterval, orderPair, outcomeOf, positionBias, reliability } from "@/lib/cai/charts";
import { calibrationQuerySchema, pmByRevisionQuerySchema, positionBiasQuerySchema, softLabelQuerySchema } from "@/lib/schemas/charts";
import { calibration } from "@/lib/server/charts/calibration";
import { chartOptions } from "@/lib/server/charts/options";
import { pmByRevision } from "@/lib/server/charts/pm-by-revision";
import { positionBiasChart } from "@/lib/server/charts/position-bias";
import { softLabelHistogram } from "@/lib/server/charts/soft-labels";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { createDataset } from "../factories";
import { uniqueName } from "../imports/helpers";
import { verdictWorld } from "../review/fixtures";
import { fixtureConstitution } from "../runs/harness";
import { scoredChains } from "./scored-chains";

afterAll(() => pgPool().end());

// Each chart's query on a small world whose numbers are worked out by hand, and checked against
// lib/cai/charts' functions applied to the same points (the SQL aggregates must give what the pure
// functions give on the rows).

describe("PM score by revision number", () => {
  it("gives each revision's mean and 95% interval, from imported scores only when asked", async () => {
    const { dataset } = await scoredChains("charts-pm");
    const data = await pmByRevision(pmByRevisionQuerySchema.parse({ dataset: String(dataset.id), source: "IMPORTED" }));
    expect(data.series).toHaveLength(1);
    const points = data.series[0].points;
    expect(points.map((p) => [p.revision, p.n, p.mean])).toEqual([
      [0, 3, 2],
      [1, 3, 3],
      [2, 2, 2.5],
    ]);
    // t(0.975, 2) = 4.3026527: 2 -/+ 4.3026527 * 1 / sqrt(3)
    expect(points[0].low).toBeCloseTo(2 - 2.4841377, 6);
    expect(points[0].high).toBeCloseTo(2 + 2.4841377, 6);
    expect(points[2].sd).toBeCloseTo(Math.SQRT1_2, 12);
    for (const [i, values] of [
      [1, 3, 2],
      [2, 4, 3],
      [3, 2],
    ].entries()) {
      const expected = meanInterval(values);
      expect(points[i].low).toBeCloseTo(expected.low!, 12);
      expect(points[i].high).toBeCloseTo(expected.high!, 12);
    }
    expect(data.outsideChains).toEqual([{ origin: "SAMPLE", ...meanInterval([-1, 3]) }]);
  });

  it("counts every source unless one is chosen, and splits by the step's principle", async () => {
    const { dataset, p0, p1 } = await scoredChains("charts-pm");
    const all = await pmByRevision(pmByRevisionQuerySchema.parse({ dataset: dataset.id }));
    expect(all.series[0].points[0]).toMatchObject({ n: 4, mean: (1 + 3 + 2 + 100) / 4 });
    const helpful = await pmByRevision(pmByRevisionQuerySchema.parse({ dataset: dataset.id, score: "helpfulness" }));
    expect(helpful.series[0].points).toEqual([{ revision: 0, ...meanInterval([7]) }]);

    const split = await pmByRevision(pmByRevisionQuerySchema.parse({ dataset: dataset.id, source: "IMPORTED", split: "principle" }));
    const lines = Object.fromEntries(split.series.map((s) => [s.key, s.points.map((p) => [p.revision, p.n, p.mean])]));
    expect(lines).toEqual({
      initial: [[0, 3, 2]],
      [String(p0)]: [
        [1, 2, 2.5],
        [2, 1, 2],
      ],
      [String(p1)]: [
        [1, 1, 4],
        [2, 1, 3],
      ],
    });
    expect(split.series.find((s) => s.key === "initial")!.label).toBe("Initial response");
    expect(split.series.find((s) => s.key === String(p0))!.label).not.toBe(String(p0));
  });

  it("answers an empty chart for a dataset or run with nothing scored", async () => {
    const dataset = await createDataset("charts-empty");
    expect(await pmByRevision(pmByRevisionQuerySchema.parse({ dataset: dataset.id }))).toMatchObject({ series: [], outsideChains: [] });
    expect(await pmByRevision(pmByRevisionQuerySchema.parse({ run: 2_000_000_000 }))).toMatchObject({ series: [], outsideChains: [] });
  });

  it("lists the kinds of score stored for the picker", async () => {
    await scoredChains("charts-pm");
    const { scores } = await chartOptions();
    expect(scores).toEqual(
      expect.arrayContaining([
        { name: "pm_score", source: "IMPORTED" },
        { name: "pm_score", source: "ENDPOINT" },
        { name: "helpfulness", source: "IMPORTED" },
      ]),
    );
  });
});

describe("soft-label histogram", () => {
  //   raw P(A)  0.95  0.05  0.55  0.62  1.0
  //   clamped   0.6   0.4   0.55  0.6   0.6
  const RAW = [0.95, 0.05, 0.55, 0.62, 1];
  const USED = [0.6, 0.4, 0.55, 0.6, 0.6];

  it("bins raw and clamped P(A) as histogram() does and counts confident labels", async () => {
    const world = await verdictWorld(RAW.map((pA, i) => ({ pA, pAUsed: USED[i], chainOfThought: true })));
    const data = await softLabelHistogram(softLabelQuerySchema.parse({ run: String(world.runId), margin: "0.1" }));
    expect(data.total).toBe(5);
    expect(data.chainOfThought).toBe(5);
    expect(data.bins.map((b) => b.raw)).toEqual([1, 0, 0, 0, 0, 1, 1, 0, 0, 2]);
    expect(data.bins.map((b) => b.used)).toEqual([0, 0, 0, 0, 1, 1, 3, 0, 0, 0]);
    expect(data.bins.map((b) => b.raw)).toEqual(histogram(RAW).bins.map((b) => b.count));
    expect(data.bins.map((b) => b.usedShare)).toEqual(histogram(USED).bins.map((b) => b.share));
    // margin 0.1: 0.6 and 0.4 sit on the edge and count as confident
    expect(data.confidentShare).toEqual({ raw: 0.8, used: 0.8 });
    expect(data.confidentShare.used).toBe(confidentShare(USED, 0.1));

    const strict = await softLabelHistogram(softLabelQuerySchema.parse({ run: world.runId }));
    expect(strict.query.margin).toBe(0.3);
    expect(strict.confidentShare).toEqual({ raw: confidentShare(RAW, 0.3), used: 0 });
    expect(strict.confidentShare.raw).toBe(0.6);
  });

  it("filters by dataset and answers zeros for a run without verdicts", async () => {
    const world = await verdictWorld([{ pAUsed: 0.7 }]);
    const byDataset = await softLabelHistogram(softLabelQuerySchema.parse({ dataset: world.datasetId, bins: "5" }));
    expect(byDataset.bins.map((b) => b.used)).toEqual([0, 0, 0, 1, 0]);
    const none = await softLabelHistogram(softLabelQuerySchema.parse({ run: 2_000_000_000 }));
    expect(none).toMatchObject({ total: 0, confidentShare: { raw: null, used: null } });
    expect(none.bins.every((b) => b.raw === 0 && b.used === 0)).toBe(true);
  });
});

describe("calibration", () => {
  // AI P(A) and people's current answers:
  //   pair 1  0.90  reviewer A
  //   pair 2  0.30  reviewer B, imported A
  //   pair 3  0.55  reviewer tie
  //   pair 4  0.52  reviewer B (earlier A, superseded), a skip (not an answer)
  async function world() {
    const w = await verdictWorld([0.9, 0.3, 0.55, 0.52].map((pAUsed) => ({ pAUsed })));
    const [c1, c2, c3, c4] = w.comparisonIds;
    await prisma.humanLabel.createMany({
      data: [
        { comparisonId: c1, source: "REVIEW", choice: "A" },
        { comparisonId: c2, source: "REVIEW", choice: "B" },
        { comparisonId: c2, source: "IMPORTED", sourceName: "crowd", choice: "A" },
        { comparisonId: c3, source: "REVIEW", choice: "TIE" },
        { comparisonId: c4, source: "REVIEW", choice: "B" },
        { comparisonId: c4, source: "REVIEW", choice: "A", supersededAt: new Date() },
        { comparisonId: c4, source: "REVIEW", choice: "SKIP" },
      ],
    });
    return w;
  }

  it("gives the reliability diagram, ECE and Brier of reliability() on the same points", async () => {
    const w = await world();
    const data = await calibration(calibrationQuerySchema.parse({ run: w.runId }));
    const points = [
      [0.9, "A"],
      [0.3, "B"],
      [0.3, "A"],
      [0.55, "tie"],
      [0.52, "B"],
    ] as const;
    const expected = reliability(points.map(([p, answer]) => ({ p, outcome: outcomeOf(answer) })));
    expect(data.n).toBe(5);
    expect(data.answers).toEqual({ A: 2, B: 2, TIE: 1 });
    // by hand: Brier (0.01 + 0.09 + 0.49 + 0.0025 + 0.2704) / 5; ECE 1/5 * 0.1 + 2/5 * 0.2 + 2/5 * 0.285
    expect(data.brier).toBeCloseTo(0.17258, 12);
    expect(data.ece).toBeCloseTo(0.214, 12);
    expect(data.brier).toBeCloseTo(expected.brier!, 12);
    expect(data.ece).toBeCloseTo(expected.ece!, 12);
    expect(data.bins.map((b) => b.count)).toEqual(expected.bins.map((b) => b.count));
    // pair 2's two answers are one pair; pairs 3 and 4 share a bin, two answers on two pairs
    expect(data.bins[3]).toMatchObject({ count: 2, pairs: 1 });
    expect(data.bins[5]).toMatchObject({ count: 2, pairs: 2 });
    expect(data.bins.map((b) => b.pairs)).toEqual([0, 0, 0, 1, 0, 2, 0, 0, 0, 1]);
    for (const [i, bin] of data.bins.entries()) {
      if (expected.bins[i].meanPredicted === null) expect(bin.meanPredicted).toBeNull();
      else expect(bin.meanPredicted).toBeCloseTo(expected.bins[i].meanPredicted!, 12);
      expect(bin.observed).toEqual(expected.bins[i].observed);
    }
  });

  it("counts only reviewers' or only imported answers when asked", async () => {
    const w = await world();
    const reviewers = await calibration(calibrationQuerySchema.parse({ dataset: w.datasetId, humans: "REVIEW" }));
    expect(reviewers.n).toBe(4);
    expect(reviewers.brier).toBeCloseTo((0.01 + 0.09 + 0.0025 + 0.2704) / 4, 12);
    expect(reviewers.bins[3]).toMatchObject({ count: 1, pairs: 1 });
    const imported = await calibration(calibrationQuerySchema.parse({ dataset: w.datasetId, humans: "IMPORTED" }));
    expect(imported).toMatchObject({ n: 1, answers: { A: 1, B: 0, TIE: 0 } });
    expect(imported.brier).toBeCloseTo(0.49, 12);
    expect(await calibration(calibrationQuerySchema.parse({ run: 2_000_000_000 }))).toMatchObject({ n: 0, ece: null, brier: null });
  });
});

describe("position bias", () => {
  // P(A) per principle and order (AB: A shown first; BA: B shown first, P(A) still for A):
  //   P0 pair 1  AB 0.8  BA 0.7   no flip
  //   P0 pair 2  AB 0.7  BA 0.2   flip, both orders chose the first shown
  //   P1 pair 1  AB 0.4  BA 0.6   flip, both chose the second shown
  //   P1 pair 2  AB 0.5  (no BA)  not a pair
  it("gives positionBias() of the pairs overall, per principle and per endpoint, and the order grid", async () => {
    const w = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.5 }]);
    const [c1, c2] = w.comparisonIds;
    const {
      principleIds: [p0, p1],
    } = await fixtureConstitution();
    const endpoint = await prisma.modelEndpoint.create({ data: { name: uniqueName("judge"), kind: "OPENAI_COMPATIBLE", model: "judge" } });
    const label = (comparisonId: number, principleId: number, order: "AB" | "BA", pA: number) => ({
      comparisonId,
      principleId,
      order,
      pA,
      runId: w.runId,
      endpointId: endpoint.id,
      method: "LOGPROBS" as const,
      prompt: "p",
    });
    await prisma.aiLabel.createMany({
      data: [
        label(c1, p0, "AB", 0.8),
        label(c1, p0, "BA", 0.7),
        label(c2, p0, "AB", 0.7),
        label(c2, p0, "BA", 0.2),
        label(c1, p1, "AB", 0.4),
        label(c1, p1, "BA", 0.6),
        label(c2, p1, "AB", 0.5),
      ],
    });
    const data = await positionBiasChart(positionBiasQuerySchema.parse({ run: w.runId }));
    const pairs0 = [orderPair(0.8, 0.7), orderPair(0.7, 0.2)];
    const pairs1 = [orderPair(0.4, 0.6)];
    const strip = ({ key: _k, label: _l, ...rest }: { key: string; label: string }) => rest;
    const close = (actual: object, expected: object) => {
      for (const [k, v] of Object.entries(expected)) {
        if (typeof v === "number") expect((actual as Record<string, number>)[k], k).toBeCloseTo(v, 12);
        else expect((actual as Record<string, unknown>)[k], k).toEqual(v);
      }
    };
    close(strip(data.overall), positionBias([...pairs0, ...pairs1]));
    expect(data.overall).toMatchObject({ pairs: 3, flipsToFirst: 1, flipsToSecond: 1 });
    expect(data.overall.flipRate).toBeCloseTo(2 / 3, 12);
    // mean P(A) with A first (0.8 + 0.7 + 0.4) / 3, with A second (0.7 + 0.2 + 0.6) / 3
    expect(data.overall.meanPAOrder1).toBeCloseTo(1.9 / 3, 12);
    expect(data.overall.meanPAOrder2).toBeCloseTo(1.5 / 3, 12);
    expect(data.byPrinciple.map((g) => g.key).sort()).toEqual([String(p0), String(p1)].sort());
    close(strip(data.byPrinciple.find((g) => g.key === String(p0))!), positionBias(pairs0));
    close(strip(data.byPrinciple.find((g) => g.key === String(p1))!), positionBias(pairs1));
    expect(data.byEndpoint).toHaveLength(1);
    expect(data.byEndpoint[0]).toMatchObject({ key: String(endpoint.id), label: endpoint.name, pairs: 3 });
    expect(data.grid).toEqual([
      { x: 4, y: 6, xLow: 0.4, yLow: 0.6, count: 1 },
      { x: 7, y: 2, xLow: 0.7, yLow: 0.2, count: 1 },
      { x: 8, y: 7, xLow: 0.8, yLow: 0.7, count: 1 },
    ]);
  });

  it("counts a comparison two principles flipped on as two flips and one flipped comparison", async () => {
    // pair 1: P0 and P1 both flip (its verdict: 2 flips); pair 2: no flip
    const w = await verdictWorld([
      { pAUsed: 0.5, flips: 2 },
      { pAUsed: 0.8, flips: 0 },
    ]);
    const [c1, c2] = w.comparisonIds;
    const {
      principleIds: [p0, p1],
    } = await fixtureConstitution();
    const label = (comparisonId: number, principleId: number, order: "AB" | "BA", pA: number) => ({
      comparisonId,
      principleId,
      order,
      pA,
      runId: w.runId,
      method: "LOGPROBS" as const,
      prompt: "p",
    });
    await prisma.aiLabel.createMany({
      data: [label(c1, p0, "AB", 0.8), label(c1, p0, "BA", 0.3), label(c1, p1, "AB", 0.3), label(c1, p1, "BA", 0.8), label(c2, p0, "AB", 0.8), label(c2, p0, "BA", 0.8)],
    });
    for (const query of [{ run: w.runId }, { dataset: w.datasetId }]) {
      const data = await positionBiasChart(positionBiasQuerySchema.parse(query));
      expect(data.overall).toMatchObject({ pairs: 3, flipsToFirst: 1, flipsToSecond: 1, flippedComparisons: 1 });
    }
  });

  it("answers no pairs for a run without labels", async () => {
    const data = await positionBiasChart(positionBiasQuerySchema.parse({ run: 2_000_000_000 }));
    expect(data).toMatchObject({ overall: { pairs: 0, flipRate: null, flippedComparisons: 0 }, byPrinciple: [], byEndpoint: [], grid: [] });
  });
});
