import { afterAll, describe, expect, it } from "vitest";
import { pmByRevisionQuerySchema, PM_SPLITS, principleQuerySchema } from "@/lib/schemas/charts";
import { pmByRevision } from "@/lib/server/charts/pm-by-revision";
import { principleAnalytics } from "@/lib/server/charts/principles";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { chainScores, chainScoresQuerySchema } from "@/lib/server/scores/chain-scores";
import { createDataset, createPrompts } from "../factories";
import { fixtureConstitution } from "../runs/harness";

// The scores behind a point of the PM-by-revision chart (app/charts/pm-by-revision/responses): as
// many rows as the point's n, under every split, and the right answers on hand-made chains.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

/**
 * Chains scored "pm_score" by hand, P0 and P1 the steps' principles; chain 3 belongs to an SL-CAI run:
 *            initial   revision 1    revision 2
 *   chain 1   1.0      2.0 (P0)      3.0 (P1)
 *   chain 2   3.0      4.0 (P1)      2.0 (P0)
 *   chain 3   2.0      3.0 (P0)      unscored      (run)
 * plus an ENDPOINT pm_score of 100 on chain 1's initial answer.
 */
async function world() {
  const dataset = await createDataset("pm-points");
  const promptIds = await createPrompts(
    dataset.id,
    [1, 2, 3].map((i) => ({ text: `Prompt ${i}` })),
  );
  const {
    versionId,
    principleIds: [p0, p1],
  } = await fixtureConstitution();
  const run = await prisma.run.create({ data: { kind: "SL_CAI", name: "pm-points", status: "SUCCEEDED", datasetId: dataset.id, config: {} } });
  const table = [
    {
      initial: 1,
      steps: [
        [2, p0],
        [3, p1],
      ],
    },
    {
      initial: 3,
      steps: [
        [4, p1],
        [2, p0],
      ],
    },
    {
      initial: 2,
      steps: [
        [3, p0],
        [null, p1],
      ],
    },
  ] as const;
  const scores: { responseId: number; value: number; source: "IMPORTED" | "ENDPOINT" }[] = [];
  const chainIds: number[] = [];
  for (const [i, row] of table.entries()) {
    const initial = await prisma.response.create({ data: { promptId: promptIds[i], text: `initial ${i}`, origin: "INITIAL" } });
    const chain = await prisma.chain.create({ data: { promptId: promptIds[i], initialResponseId: initial.id, constitutionVersionId: versionId, runId: i === 2 ? run.id : null } });
    chainIds.push(chain.id);
    scores.push({ responseId: initial.id, value: row.initial, source: "IMPORTED" });
    for (const [k, [value, principleId]] of row.steps.entries()) {
      const revision = await prisma.response.create({ data: { promptId: promptIds[i], text: `revision ${i}.${k + 1}`, origin: "REVISION" } });
      await prisma.chainStep.create({ data: { chainId: chain.id, index: k + 1, principleId, critique: "c", revisionId: revision.id } });
      if (value !== null) scores.push({ responseId: revision.id, value, source: "IMPORTED" });
    }
    if (i === 0) scores.push({ responseId: initial.id, value: 100, source: "ENDPOINT" });
  }
  await prisma.score.createMany({ data: scores.map((s) => ({ ...s, name: "pm_score" })) });
  return { dataset, run, p0, p1, chainIds };
}

/** As the page reads its URL: every parameter a string. */
const parse = (params: Record<string, string | number | undefined>) =>
  chainScoresQuerySchema.parse(Object.fromEntries(Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))));

describe("the scores behind a PM point", () => {
  it("lists a revision's scored answers with their chain, principle and value", async () => {
    const { dataset, p0, chainIds } = await world();
    const initial = await chainScores(parse({ dataset: dataset.id, revision: 0 }));
    expect(initial.total).toBe(4);
    expect(initial.rows.map((r) => r.value).sort((a, b) => a - b)).toEqual([1, 2, 3, 100]);
    const imported = await chainScores(parse({ dataset: dataset.id, revision: 0, source: "IMPORTED" }));
    expect(imported.total).toBe(3);
    const second = await chainScores(parse({ dataset: dataset.id, revision: 2, split: "principle", group: p0 }));
    expect(second.rows).toEqual([expect.objectContaining({ value: 2, revision: 2, chainId: chainIds[1], preview: "revision 1.2", source: "IMPORTED" })]);
    expect(second.rows[0].principle).not.toBe(String(p0));
    // every revision a principle made, not the initial answers
    expect((await chainScores(parse({ dataset: dataset.id, split: "principle", group: p0 }))).rows.map((r) => r.value).sort()).toEqual([2, 2, 3]);
    // the principle groups hold no initial answers, and the initial group nothing else
    expect((await chainScores(parse({ dataset: dataset.id, revision: 0, split: "principle", group: p0 }))).total).toBe(0);
    expect((await chainScores(parse({ dataset: dataset.id, revision: 1, split: "principle", group: "initial" }))).total).toBe(0);
  });

  it("holds as many scores as the chart's n for every point of every split", async () => {
    const { dataset, run } = await world();
    for (const split of PM_SPLITS) {
      for (const scope of [{ dataset: dataset.id }, { dataset: dataset.id, run: run.id }, { dataset: dataset.id, source: "IMPORTED" as const }]) {
        const chart = await pmByRevision(pmByRevisionQuerySchema.parse({ ...scope, split }));
        expect(chart.series.length).toBeGreaterThan(0);
        for (const series of chart.series) {
          for (const point of series.points) {
            const list = await chainScores(parse({ ...scope, split, group: split === "none" ? undefined : series.key, revision: point.revision }));
            expect(list.total, `${split} ${series.key} revision ${point.revision} ${JSON.stringify(scope)}`).toBe(point.n);
            expect(list.rows.length).toBe(point.n);
          }
        }
      }
    }
  });

  it("a critique principle's changes: its revisions whose revised answer is scored, as many as the chart's n", async () => {
    const { dataset, p0, p1 } = await world();
    const chart = await principleAnalytics(principleQuerySchema.parse({ dataset: dataset.id, source: "IMPORTED" }));
    // P0: 1->2 (chain 1), 4->2 (chain 2), 2->3 (chain 3); P1: 2->3 (chain 1), 3->4 (chain 2); chain 3's P1 revision is unscored
    expect(Object.fromEntries(chart.changes.map((c) => [c.key, c.n]))).toEqual({ [String(p0)]: 3, [String(p1)]: 2 });
    for (const row of chart.changes) {
      const list = await chainScores(parse({ dataset: dataset.id, source: "IMPORTED", split: "principle", group: row.key, scoredBefore: "true" }));
      expect(list.total).toBe(row.n);
    }
  });

  it("pages newest chain first by keyset, counting on the first page only", async () => {
    const { dataset, chainIds } = await world();
    const all = await chainScores(parse({ dataset: dataset.id, revision: 0 }));
    // chain 1's initial answer has two scores (imported and endpoint): one cursor falls between them
    expect(all.rows.map((r) => r.chainId)).toEqual([chainIds[2], chainIds[1], chainIds[0], chainIds[0]]);
    const next = await chainScores(parse({ dataset: dataset.id, revision: 0, before: `${all.rows[2].chainId}-${all.rows[2].scoreId}` }));
    expect(next.rows.map((r) => r.scoreId)).toEqual([all.rows[3].scoreId]);
    expect(next.total).toBeUndefined();
  });
});
