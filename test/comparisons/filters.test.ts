import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calibrationQuerySchema, positionBiasQuerySchema, principleQuerySchema, softLabelQuerySchema } from "@/lib/schemas/charts";
import { comparisonListQuerySchema, comparisonListSearchParams, type ComparisonListQuery } from "@/lib/schemas/comparisons";
import { calibration } from "@/lib/server/charts/calibration";
import { positionBiasChart } from "@/lib/server/charts/position-bias";
import { principleAnalytics } from "@/lib/server/charts/principles";
import { softLabelHistogram } from "@/lib/server/charts/soft-labels";
import { listComparisons } from "@/lib/server/comparisons/list";
import { comparisonFilterNames } from "@/lib/server/comparisons/options";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { uniqueName } from "../imports/helpers";
import { verdictWorld, type VerdictWorld } from "../review/fixtures";
import { fixtureConstitution } from "../runs/harness";

// The comparisons list's filters that the charts link down with: a P(A) range, a principle's or a
// judge's flips, people's answers. Each is checked on hand-picked values, and against the chart
// query it drills into: the list holds as many pairs as the chart's bin or row counts.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

//   pair  P(A) used            raw     human answers            labels (P0, P1; AB / BA)
//   0     0.05                 0.05    reviewer A               P0 0.8 / 0.7 (no flip)
//   1     0.4                  0.1     imported B               P0 0.7 / 0.2 (flip), judge E2
//   2     0.49999999999999994  0.7     reviewer tie, imported A P1 0.4 / 0.6 (flip)
//   3     0.5                  0.5     a skip (not an answer)   P1 0.5 / (no BA)
//   4     0.29                 0.29    superseded A
//   5     1                    0.95    -                        P0 0.3 / 0.9 (flip)
// 0.49999999999999994 is what a swap-average of 0.5 can come to: the charts bin it at 0.5 (a
// billionth of a bin width below an edge is on it), and so must the list. The verdicts of the
// pairs with a flip (1, 2, 5) have flips 1, as a labeling run writes them.
const USED = [0.05, 0.4, 0.49999999999999994, 0.5, 0.29, 1];
const RAW = [0.05, 0.1, 0.7, 0.5, 0.29, 0.95];
const FLIPS = [0, 1, 1, 0, 0, 1];

let world: VerdictWorld;
let p0: number;
let p1: number;
let judge1: number;
let judge2: number;

beforeAll(async () => {
  world = await verdictWorld(USED.map((pAUsed, i) => ({ pAUsed, pA: RAW[i], flips: FLIPS[i], chainOfThought: true })));
  const c = world.comparisonIds;
  // a labeling run's pairs are its items
  await prisma.runItem.createMany({ data: c.map((comparisonId) => ({ runId: world.runId, comparisonId, status: "DONE" as const })) });
  ({
    principleIds: [p0, p1],
  } = await fixtureConstitution());
  [judge1, judge2] = await Promise.all(
    ["judge-1", "judge-2"].map(async (name) => (await prisma.modelEndpoint.create({ data: { name: uniqueName(name), kind: "OPENAI_COMPATIBLE", model: name } })).id),
  );
  const label = (comparisonId: number, principleId: number, order: "AB" | "BA", pA: number, endpointId = judge1) => ({
    comparisonId,
    principleId,
    order,
    pA,
    runId: world.runId,
    endpointId,
    method: "LOGPROBS" as const,
    prompt: "p",
  });
  await prisma.aiLabel.createMany({
    data: [
      label(c[0], p0, "AB", 0.8),
      label(c[0], p0, "BA", 0.7),
      label(c[1], p0, "AB", 0.7, judge2),
      label(c[1], p0, "BA", 0.2, judge2),
      label(c[2], p1, "AB", 0.4),
      label(c[2], p1, "BA", 0.6),
      label(c[3], p1, "AB", 0.5),
      label(c[5], p0, "AB", 0.3),
      label(c[5], p0, "BA", 0.9),
    ],
  });
  await prisma.humanLabel.createMany({
    data: [
      { comparisonId: c[0], source: "REVIEW", choice: "A" },
      { comparisonId: c[1], source: "IMPORTED", sourceName: "crowd", choice: "B" },
      { comparisonId: c[2], source: "REVIEW", choice: "TIE" },
      { comparisonId: c[2], source: "IMPORTED", sourceName: "crowd", choice: "A" },
      { comparisonId: c[3], source: "REVIEW", choice: "SKIP" },
      { comparisonId: c[4], source: "REVIEW", choice: "A", supersededAt: new Date() },
    ],
  });
});

/** The list as the page reads it: through the URL schema. */
async function list(params: Record<string, string | number | boolean>) {
  const query = comparisonListQuerySchema.parse(Object.fromEntries(Object.entries({ dataset: world.datasetId, ...params }).map(([k, v]) => [k, String(v)])));
  const page = await listComparisons(query);
  return { ids: page.rows.map((r) => r.id), total: page.total };
}

const pairs = (...indexes: number[]) => indexes.map((i) => world.comparisonIds[i]).sort((a, b) => b - a);

describe("comparisons list: the filters charts link down with", () => {
  it("keeps a verdict's P(A) in [pAMin, pAMax), 1 in the last range, as used or raw", async () => {
    expect(await list({ pAMin: 0.4, pAMax: 0.5 })).toEqual({ ids: pairs(1), total: 1 });
    // a billionth of the width below 0.5 is 0.5
    expect(await list({ pAMin: 0.5, pAMax: 0.6 })).toEqual({ ids: pairs(2, 3), total: 2 });
    expect(await list({ pAMin: 0.9, pAMax: 1 })).toEqual({ ids: pairs(5), total: 1 });
    expect(await list({ pAMin: 0.29, pAMax: 0.3 })).toEqual({ ids: pairs(4), total: 1 });
    expect(await list({ pAMax: 0.3 })).toEqual({ ids: pairs(0, 4), total: 2 });
    expect(await list({ pAMin: 0.6, pAMax: 0.8, pAOf: "raw" })).toEqual({ ids: pairs(2), total: 1 });
    expect(await list({ pAMin: 0.6, pAMax: 0.8 })).toEqual({ ids: [], total: 0 });
    // the range is about the labeling run filtered on
    expect(await list({ run: world.runId, pAMin: 0.5, pAMax: 0.6 })).toEqual({ ids: pairs(2, 3), total: 2 });
  });

  it("refuses a range that is empty or outside [0, 1]", () => {
    expect(comparisonListQuerySchema.safeParse({ pAMin: "0.6", pAMax: "0.5" }).error?.issues[0]).toMatchObject({ path: ["pAMax"], message: "pAMax must be above pAMin" });
    expect(comparisonListQuerySchema.safeParse({ pAMin: "-0.1" }).success).toBe(false);
    expect(comparisonListQuerySchema.safeParse({ pAMax: "1.5" }).success).toBe(false);
  });

  it("lists a principle's pairs, and with flipped only those its two orders answered differently", async () => {
    expect(await list({ principle: p0 })).toEqual({ ids: pairs(0, 1, 5), total: 3 });
    expect(await list({ principle: p0, flipped: true })).toEqual({ ids: pairs(1, 5), total: 2 });
    expect(await list({ principle: p1, flipped: true, run: world.runId })).toEqual({ ids: pairs(2), total: 1 });
    // a judge's flips: the pair's endpoint
    expect(await list({ endpoint: judge2, flipped: true })).toEqual({ ids: pairs(1), total: 1 });
    expect(await list({ endpoint: judge1, flipped: true })).toEqual({ ids: pairs(2, 5), total: 2 });
    expect(await comparisonFilterNames({ endpoint: judge2 })).toEqual({ endpoint: expect.stringContaining("judge-2") });
  });

  it("lists pairs with a current human answer: anyone's, reviewers' or imported", async () => {
    expect(await list({ humans: "any" })).toEqual({ ids: pairs(0, 1, 2), total: 3 });
    expect(await list({ humans: "review" })).toEqual({ ids: pairs(0, 2), total: 2 });
    expect(await list({ humans: "imported", pAMin: 0.4, pAMax: 0.5 })).toEqual({ ids: pairs(1), total: 1 });
  });

  it("counts every match on a page without a cursor, and pages by keyset without counting again", async () => {
    const first = await list({ limit: 2 });
    expect(first).toEqual({ ids: pairs(5, 4), total: 6 });
    const next = await listComparisons(comparisonListQuerySchema.parse({ dataset: String(world.datasetId), limit: "2", before: String(world.comparisonIds[4]) }));
    expect(next.rows.map((r) => r.id)).toEqual(pairs(3, 2));
    expect(next.total).toBeUndefined();
  });

  it("writes every filter into the URL and reads it back", () => {
    const query: ComparisonListQuery = { dataset: 3, run: 4, pAMin: 0.1, pAMax: 0.2, pAOf: "raw", principle: 7, endpoint: 8, flipped: true, humans: "review" };
    const params = comparisonListSearchParams(query);
    expect(params.toString()).toBe("dataset=3&flipped=true&run=4&pAMin=0.1&pAMax=0.2&pAOf=raw&principle=7&endpoint=8&humans=review");
    expect(comparisonListQuerySchema.parse(Object.fromEntries(params))).toEqual(query);
  });
});

describe("comparisons list: as many pairs as the chart counts", () => {
  it("a soft-label bin lists its verdicts' pairs, raw or used", async () => {
    const data = await softLabelHistogram(softLabelQuerySchema.parse({ run: world.runId }));
    for (const bin of data.bins) {
      expect((await list({ run: world.runId, pAMin: bin.low, pAMax: bin.high })).total, `used [${bin.low}, ${bin.high})`).toBe(bin.used);
      expect((await list({ run: world.runId, pAMin: bin.low, pAMax: bin.high, pAOf: "raw" })).total, `raw [${bin.low}, ${bin.high})`).toBe(bin.raw);
    }
    expect(data.bins[5].used).toBe(2);
  });

  it("a calibration bin lists its pairs, as many as its pairs count, fewer than its answers when two people answered one", async () => {
    for (const [humans, filter] of [
      ["REVIEW", "review"],
      ["ALL", "any"],
      ["IMPORTED", "imported"],
    ] as const) {
      const data = await calibration(calibrationQuerySchema.parse({ run: world.runId, humans }));
      for (const bin of data.bins) {
        expect((await list({ run: world.runId, humans: filter, pAMin: bin.low, pAMax: bin.high })).total, `${humans} [${bin.low}, ${bin.high})`).toBe(bin.pairs);
      }
    }
    // pair 2 (P(A) used 0.4999..., binned at 0.5): a reviewer's tie and an imported A, two answers on one pair
    const everyone = await calibration(calibrationQuerySchema.parse({ run: world.runId, humans: "ALL" }));
    expect(everyone.n).toBe(4);
    expect(everyone.bins[5]).toMatchObject({ count: 2, pairs: 1 });
    expect(await list({ run: world.runId, humans: "any", pAMin: 0.5, pAMax: 0.6 })).toEqual({ ids: pairs(2), total: 1 });
  });

  it("a principle's or judge's flips list its flipped pairs", async () => {
    const principles = await principleAnalytics(principleQuerySchema.parse({ labelRun: world.runId }));
    expect(principles.flips.length).toBe(2);
    for (const row of principles.flips) expect((await list({ run: world.runId, principle: Number(row.key), flipped: true })).total).toBe(row.flips);
    const bias = await positionBiasChart(positionBiasQuerySchema.parse({ run: world.runId }));
    // P0 flips pairs 1 and 5, P1 pair 2; judge 1 flips pairs 2 and 5, judge 2 pair 1
    const flipCounts = (groups: typeof bias.byPrinciple) => Object.fromEntries(groups.map((g) => [g.key, g.flipsToFirst + g.flipsToSecond]));
    expect(flipCounts(bias.byPrinciple)).toEqual({ [String(p0)]: 2, [String(p1)]: 1 });
    expect(flipCounts(bias.byEndpoint)).toEqual({ [String(judge1)]: 2, [String(judge2)]: 1 });
    for (const group of bias.byPrinciple) {
      expect((await list({ run: world.runId, principle: Number(group.key), flipped: true })).total).toBe(group.flipsToFirst + group.flipsToSecond);
    }
    for (const group of bias.byEndpoint) {
      expect((await list({ run: world.runId, endpoint: Number(group.key), flipped: true })).total).toBe(group.flipsToFirst + group.flipsToSecond);
    }
    // the overall row: the comparisons with a flip, in the run or in the dataset
    expect(bias.overall.flippedComparisons).toBe(3);
    expect(await list({ run: world.runId, flipped: true })).toEqual({ ids: pairs(1, 2, 5), total: 3 });
    const dataset = await positionBiasChart(positionBiasQuerySchema.parse({ dataset: world.datasetId }));
    expect(dataset.overall.flippedComparisons).toBe(3);
    expect((await list({ flipped: true })).total).toBe(dataset.overall.flippedComparisons);
  });

  it("a bubble of the order grid lists the pairs in its cell", async () => {
    const bias = await positionBiasChart(positionBiasQuerySchema.parse({ run: world.runId }));
    expect(bias.grid.length).toBe(4);
    for (const cell of bias.grid) {
      const edges = { abMin: cell.x / 10, abMax: (cell.x + 1) / 10, baMin: cell.y / 10, baMax: (cell.y + 1) / 10 };
      expect((await list({ run: world.runId, ...edges })).total, JSON.stringify(cell)).toBe(cell.count);
    }
    // pair 1 (P0 0.7 first, 0.2 second): the cell [0.7, 0.8) x [0.2, 0.3)
    expect(await list({ abMin: 0.7, abMax: 0.8, baMin: 0.2, baMax: 0.3 })).toEqual({ ids: pairs(1), total: 1 });
    expect(comparisonListQuerySchema.safeParse({ abMin: "0.5", abMax: "0.5" }).error?.issues[0].path).toEqual(["abMax"]);
    expect(comparisonListQuerySchema.safeParse({ baMin: "0.3", baMax: "0.2" }).error?.issues[0]).toMatchObject({ path: ["baMax"], message: "baMax must be above baMin" });
  });
});
