import { afterAll, describe, expect, it } from "vitest";
import { meanInterval } from "@/lib/cai/charts";
import { principleQuerySchema } from "@/lib/schemas/charts";
import { principleAnalytics } from "@/lib/server/charts/principles";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { createDataset, createPrompts } from "../factories";
import { verdictWorld } from "../review/fixtures";
import { fixtureConstitution } from "../runs/harness";

afterAll(() => pgPool().end());

// The principle, Goodhart and score-scatter charts' queries on small worlds worked out by hand.

/**
 * Three chains, "pm_score" IMPORTED unless said, principles P0 and P1:
 *            initial   revision 1    revision 2
 *   chain 1   1.0      2.0 (P0)      3.0 (P1)
 *   chain 2   3.0      4.0 (P1)      2.0 (P0)
 *   chain 3   2.0      3.0 (P0)      unscored (P1)
 * plus an ENDPOINT pm_score of 100 on chain 1's initial response (no ENDPOINT score on its
 * revisions, so it changes nothing) and one of 50 on chain 2's first revision (no ENDPOINT score
 * on the answer it revised: nothing either).
 */
async function scoredChains() {
  const dataset = await createDataset("charts-principles");
  const promptIds = await createPrompts(dataset.id, [1, 2, 3].map((i) => ({ text: `Prompt ${i}` })));
  const { versionId, principleIds } = await fixtureConstitution();
  const [p0, p1] = principleIds;
  const table = [
    { initial: 1, steps: [[2, p0], [3, p1]] },
    { initial: 3, steps: [[4, p1], [2, p0]] },
    { initial: 2, steps: [[3, p0], [null, p1]] },
  ] as const;
  const scores: { responseId: number; value: number; source?: "ENDPOINT" }[] = [];
  for (const [i, row] of table.entries()) {
    const initial = await prisma.response.create({ data: { promptId: promptIds[i], text: `initial ${i}`, origin: "INITIAL" } });
    const chain = await prisma.chain.create({ data: { promptId: promptIds[i], initialResponseId: initial.id, constitutionVersionId: versionId } });
    scores.push({ responseId: initial.id, value: row.initial });
    if (i === 0) scores.push({ responseId: initial.id, value: 100, source: "ENDPOINT" });
    for (const [k, [value, principleId]] of row.steps.entries()) {
      const revision = await prisma.response.create({ data: { promptId: promptIds[i], text: `revision ${i}.${k + 1}`, origin: "REVISION" } });
      await prisma.chainStep.create({ data: { chainId: chain.id, index: k + 1, principleId, critique: "c", revisionId: revision.id } });
      if (value !== null) scores.push({ responseId: revision.id, value });
      if (i === 1 && k === 0) scores.push({ responseId: revision.id, value: 50, source: "ENDPOINT" });
    }
  }
  await prisma.score.createMany({ data: scores.map((s) => ({ responseId: s.responseId, value: s.value, source: s.source ?? "IMPORTED", name: "pm_score" })) });
  return { dataset, p0, p1 };
}

describe("principle analytics", () => {
  it("gives each critique principle's mean score change against the response its revision revised", async () => {
    const { dataset, p0, p1 } = await scoredChains();
    const data = await principleAnalytics(principleQuerySchema.parse({ dataset: String(dataset.id) }));
    const byKey = Object.fromEntries(data.changes.map((c) => [c.key, c]));
    expect(Object.keys(byKey).sort()).toEqual([String(p0), String(p1)].sort());
    // P0: chain 1 2 - 1 = +1, chain 2 2 - 4 = -2, chain 3 3 - 2 = +1; P1: 3 - 2 = +1, 4 - 3 = +1
    expect(byKey[p0]).toMatchObject({ n: 3, mean: 0 });
    expect(byKey[p0].sd).toBeCloseTo(Math.sqrt(3), 12);
    // t(0.975, 2) = 4.3026527: 0 -/+ 4.3026527 * sqrt(3) / sqrt(3)
    expect(byKey[p0].low).toBeCloseTo(-4.3026527, 6);
    expect(byKey[p0].high).toBeCloseTo(meanInterval([1, -2, 1]).high!, 12);
    expect(byKey[p1]).toMatchObject({ n: 2, mean: 1, sd: 0, low: 1, high: 1 });
    expect(byKey[p0].label).not.toBe(String(p0));
    expect(data.flips).toEqual([]);

    const endpoint = await principleAnalytics(principleQuerySchema.parse({ dataset: dataset.id, source: "ENDPOINT" }));
    expect(endpoint.changes).toEqual([]);
    const other = await principleAnalytics(principleQuerySchema.parse({ dataset: dataset.id, score: "helpfulness" }));
    expect(other.changes).toEqual([]);
  });

  it("gives each preference principle's flip rate over its pairs judged in both orders", async () => {
    //   P0 pair 1  AB 0.8  BA 0.7   no flip
    //   P0 pair 2  AB 0.7  BA 0.2   flip
    //   P1 pair 1  AB 0.4  BA 0.6   flip
    //   P1 pair 2  AB 0.5  (no BA)  not a pair
    const w = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.5 }]);
    const [c1, c2] = w.comparisonIds;
    const { principleIds: [p0, p1] } = await fixtureConstitution();
    const label = (comparisonId: number, principleId: number, order: "AB" | "BA", pA: number) =>
      ({ comparisonId, principleId, order, pA, runId: w.runId, method: "LOGPROBS" as const, prompt: "p" });
    await prisma.aiLabel.createMany({
      data: [label(c1, p0, "AB", 0.8), label(c1, p0, "BA", 0.7), label(c2, p0, "AB", 0.7), label(c2, p0, "BA", 0.2), label(c1, p1, "AB", 0.4), label(c1, p1, "BA", 0.6), label(c2, p1, "AB", 0.5)],
    });
    const data = await principleAnalytics(principleQuerySchema.parse({ labelRun: w.runId }));
    const byKey = Object.fromEntries(data.flips.map((f) => [f.key, f]));
    expect(byKey[p0]).toMatchObject({ pairs: 2, flips: 1, flipRate: 0.5 });
    expect(byKey[p1]).toMatchObject({ pairs: 1, flips: 1, flipRate: 1 });
    expect(data.flips).toHaveLength(2);
    const byDataset = await principleAnalytics(principleQuerySchema.parse({ dataset: w.datasetId }));
    expect(byDataset.flips.map((f) => f.pairs).sort()).toEqual([1, 2]);
  });

  it("answers empty lists for a run or dataset with nothing in it", async () => {
    const data = await principleAnalytics(principleQuerySchema.parse({ run: 2_000_000_000, labelRun: 2_000_000_000 }));
    expect(data).toMatchObject({ changes: [], flips: [] });
  });
});
