import { afterAll, describe, expect, it } from "vitest";
import { correlation, meanInterval } from "@/lib/cai/charts";
import { goodhartQuerySchema, pmByRevisionQuerySchema, positionBiasQuerySchema, principleQuerySchema, scoreScatterQuerySchema } from "@/lib/schemas/charts";
import { goodhartSignals } from "@/lib/server/charts/goodhart";
import { pmByRevision } from "@/lib/server/charts/pm-by-revision";
import { positionBiasChart } from "@/lib/server/charts/position-bias";
import { principleAnalytics } from "@/lib/server/charts/principles";
import { scoreScatter } from "@/lib/server/charts/score-scatter";
import { currentSummaries } from "@/lib/server/charts/summaries";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { createDataset, createPrompts } from "../factories";
import { fixtureConstitution } from "../runs/harness";
import { markStale, stale } from "./summary-state";

afterAll(() => pgPool().end());

// The chart summaries are kept by triggers as rows are written (migration chart_summaries). These
// tests write in the orders the studio does (a run starting from an answer that is already scored,
// steps after their revisions' scores, both ends of a score change in one statement, the two
// orders of a label in separate statements, scores deleted and re-added as a fit does) and check
// that the summaries equal a rebuild from the tables, and the charts the numbers worked out by hand.

const SUMMARIES = {
  ChartRevisionScore: `"runId", revision, "principleId", name, source`,
  ChartOutsideScore: `"runId", origin, name, source`,
  ChartPrincipleChange: `"runId", "principleId", name, source`,
  ChartChainResponses: `"runId", revision`,
  ChartScorePair: `"runId", "xName", "xSource", "yName", "ySource"`,
  AiLabelPair: `"runId", "comparisonId", "principleId"`,
} as const;

/** A dataset's rows of every summary, groups with no rows left out, numbers rounded. */
async function summaryRows(datasetId: number) {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(SUMMARIES)) {
    // chain counts are kept in shards, one per writing connection (migration chart_chain_counts_sharded): summed, as readers do
    const from = table === "ChartChainResponses" ? `(SELECT "datasetId", "runId", revision, sum(n)::int AS n FROM "ChartChainResponses" GROUP BY 1, 2, 3) s` : `"${table}"`;
    const { rows } = await pgPool().query(`SELECT * FROM ${from} WHERE "datasetId" = $1 ${table === "AiLabelPair" ? "" : "AND n <> 0"} ORDER BY ${order}`, [datasetId]);
    out[table] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? Math.round(v * 1e9) / 1e9 : v])));
  }
  return out;
}

/** The summaries as a rebuild from the tables makes them (what chart_refresh does after a stale mark). */
async function rebuilt(datasetId: number) {
  await markStale();
  await currentSummaries();
  return summaryRows(datasetId);
}

/**
 * Chain 1 (SL-CAI run) starts from an imported answer already scored 1; its revisions score 3 and
 * 2 (IMPORTED), and ENDPOINT 10 and 13 added in one statement. Chain 2 (imported) has both steps
 * added in one statement after its responses were scored: 2, 4, 5. A sample outside chains scores
 * 7. Principles: chain 1 P0 then P1, chain 2 P1 then P0.
 */
async function world() {
  const dataset = await createDataset("charts-summaries");
  const [prompt1, prompt2] = await createPrompts(dataset.id, [{ text: "Summaries prompt 1" }, { text: "Summaries prompt 2" }]);
  const {
    versionId,
    principleIds: [p0, p1],
  } = await fixtureConstitution();
  const run = await prisma.run.create({ data: { kind: "SL_CAI", name: "summaries run", status: "SUCCEEDED", datasetId: dataset.id } });
  const response = (promptId: number, text: string, origin: "INITIAL" | "REVISION" | "IMPORTED" | "SAMPLE", runId?: number) =>
    prisma.response.create({ data: { promptId, text, origin, runId } });
  const score = (responseId: number, value: number, source: "IMPORTED" | "ENDPOINT" = "IMPORTED", name = "pm_score") => ({ responseId, value, source, name });

  const answer = await response(prompt1, "imported answer", "IMPORTED");
  await prisma.score.create({ data: score(answer.id, 1) });
  const chain1 = await prisma.chain.create({ data: { promptId: prompt1, initialResponseId: answer.id, runId: run.id, constitutionVersionId: versionId } });
  const r11 = await response(prompt1, "chain 1 revision 1", "REVISION", run.id);
  await prisma.score.create({ data: score(r11.id, 3) });
  await prisma.chainStep.create({ data: { chainId: chain1.id, index: 1, principleId: p0, critique: "c", revisionId: r11.id } });
  const r12 = await response(prompt1, "chain 1 revision 2", "REVISION", run.id);
  await prisma.chainStep.create({ data: { chainId: chain1.id, index: 2, principleId: p1, critique: "c", revisionId: r12.id } });
  await prisma.score.createMany({ data: [score(r12.id, 2), score(r11.id, 10, "ENDPOINT"), score(r12.id, 13, "ENDPOINT")] });

  const i2 = await response(prompt2, "chain 2 initial", "INITIAL");
  const r21 = await response(prompt2, "chain 2 revision 1", "REVISION");
  const r22 = await response(prompt2, "chain 2 revision 2", "REVISION");
  await prisma.score.createMany({ data: [score(i2.id, 2), score(r21.id, 4), score(r22.id, 5)] });
  const chain2 = await prisma.chain.create({ data: { promptId: prompt2, initialResponseId: i2.id, constitutionVersionId: versionId } });
  await prisma.chainStep.createMany({
    data: [
      { chainId: chain2.id, index: 1, principleId: p1, critique: "c", revisionId: r21.id },
      { chainId: chain2.id, index: 2, principleId: p0, critique: "c", revisionId: r22.id },
    ],
  });
  const sample = await response(prompt2, "a sample", "SAMPLE", run.id);
  await prisma.score.create({ data: score(sample.id, 7) });
  return { dataset, run, p0, p1, chain1, chain2, ids: { answer: answer.id, r11: r11.id, r12: r12.id, i2: i2.id, r21: r21.id, r22: r22.id, sample: sample.id } };
}

describe("chart summaries kept by triggers", () => {
  it("equal a rebuild from the tables after writes in any order, and give the hand-worked charts", async () => {
    const { dataset, run, p0, p1 } = await world();
    const kept = await summaryRows(dataset.id);
    expect(kept.ChartRevisionScore.length).toBeGreaterThan(0);
    expect(kept).toEqual(await rebuilt(dataset.id));

    const pm = await pmByRevision(pmByRevisionQuerySchema.parse({ dataset: dataset.id, source: "IMPORTED" }));
    // revision 0: 1, 2; revision 1: 3, 4; revision 2: 2, 5
    expect(pm.series[0].points.map((p) => [p.revision, p.n, p.mean])).toEqual([
      [0, 2, 1.5],
      [1, 2, 3.5],
      [2, 2, 3.5],
    ]);
    expect(pm.series[0].points[2]).toEqual({ revision: 2, ...meanInterval([2, 5]) });
    expect(pm.outsideChains).toEqual([
      { origin: "IMPORTED", ...meanInterval([1]) },
      { origin: "SAMPLE", ...meanInterval([7]) },
    ]);
    const byRun = await pmByRevision(pmByRevisionQuerySchema.parse({ dataset: dataset.id, run: run.id, source: "IMPORTED" }));
    expect(byRun.series[0].points.map((p) => [p.revision, p.mean])).toEqual([
      [0, 1],
      [1, 3],
      [2, 2],
    ]);

    // P0: chain 1 3 - 1 = +2, chain 2 5 - 4 = +1, ENDPOINT: none (no ENDPOINT score on the answer)
    // P1: chain 1 2 - 3 = -1 and ENDPOINT 13 - 10 = +3, chain 2 4 - 2 = +2
    const changes = await principleAnalytics(principleQuerySchema.parse({ dataset: dataset.id }));
    const byKey = Object.fromEntries(changes.changes.map((c) => [c.key, c]));
    expect(byKey[p0]).toEqual({ key: String(p0), label: byKey[p0].label, ...meanInterval([2, 1]) });
    expect(byKey[p1].n).toBe(3);
    expect(byKey[p1].mean).toBeCloseTo(4 / 3, 12);
    expect(byKey[p1].sd).toBeCloseTo(meanInterval([-1, 3, 2]).sd!, 12);
    expect(await stale()).toBe(false);
  });

  it("follow deleted scores as a re-fit deletes them, and rebuild once after a chain is deleted", async () => {
    const { dataset, p1, chain2, ids } = await world();
    await prisma.score.deleteMany({ where: { responseId: { in: [ids.r11, ids.r12] }, source: "ENDPOINT" } });
    expect(await stale()).toBe(false);
    expect(await summaryRows(dataset.id)).toEqual(await rebuilt(dataset.id));
    const changes = await principleAnalytics(principleQuerySchema.parse({ dataset: dataset.id }));
    expect(changes.changes.find((c) => c.key === String(p1))).toMatchObject({ n: 2, mean: 0.5 });
    await prisma.score.createMany({
      data: [
        { responseId: ids.r12, value: 13, source: "ENDPOINT", name: "pm_score" },
        { responseId: ids.r11, value: 10, source: "ENDPOINT", name: "pm_score" },
      ],
    });
    expect((await principleAnalytics(principleQuerySchema.parse({ dataset: dataset.id }))).changes.find((c) => c.key === String(p1))).toMatchObject({ n: 3 });

    // deleting a chain is not followed row by row: it marks the summaries stale, and until a
    // worker rebuilds them a chart answers from the last complete ones, saying so
    const pmQuery = pmByRevisionQuerySchema.parse({ dataset: dataset.id, source: "IMPORTED" });
    const complete = await pmByRevision(pmQuery);
    await prisma.chain.delete({ where: { id: chain2.id } });
    expect(await stale()).toBe(true);
    const meanwhile = await pmByRevision(pmQuery);
    expect(meanwhile.series).toEqual(complete.series);
    expect(meanwhile.summaries).toMatchObject({ current: false, staleSince: expect.any(String) });
    await currentSummaries();
    const pm = await pmByRevision(pmQuery);
    expect(pm.summaries).toEqual({ current: true, staleSince: null, ageSeconds: null, rebuilding: false });
    expect(pm.series[0].points.map((p) => [p.revision, p.n, p.mean])).toEqual([
      [0, 1, 1],
      [1, 1, 3],
      [2, 1, 2],
    ]);
    const goodhart = await goodhartSignals(goodhartQuerySchema.parse({ dataset: dataset.id }));
    expect(goodhart.revisions.map((r) => r.responses)).toEqual([1, 1, 1]);
  });

  it("follow statements of many rows (an import batch) as they follow single rows, and rebuild after a big delete", async () => {
    const dataset = await createDataset("charts-summaries-batch");
    const promptIds = await createPrompts(
      dataset.id,
      Array.from({ length: 30 }, (_, i) => ({ text: `Batch prompt ${i}` })),
    );
    const {
      principleIds: [p0, p1],
    } = await fixtureConstitution();
    const responses = await prisma.response.createManyAndReturn({
      data: promptIds.flatMap((promptId) => (["INITIAL", "REVISION", "REVISION"] as const).map((origin) => ({ promptId, text: origin, origin }))),
      select: { id: true, promptId: true },
    });
    const byPrompt = promptIds.map((promptId) =>
      responses
        .filter((r) => r.promptId === promptId)
        .map((r) => r.id)
        .sort((a, b) => a - b),
    );
    // scores first, 90 in one statement; then 30 chains and 60 steps, one statement each
    await prisma.score.createMany({
      data: byPrompt.flatMap((ids, i) => ids.map((responseId, k) => ({ responseId, name: "pm_score", source: "IMPORTED" as const, value: (i % 7) + k * 0.5 }))),
    });
    const chains = await prisma.chain.createManyAndReturn({ data: promptIds.map((promptId, i) => ({ promptId, initialResponseId: byPrompt[i][0] })), select: { id: true, promptId: true } });
    await prisma.chainStep.createMany({
      data: chains.flatMap((c) => {
        const ids = byPrompt[promptIds.indexOf(c.promptId)];
        return [
          { chainId: c.id, index: 1, principleId: p0, critique: "c", revisionId: ids[1] },
          { chainId: c.id, index: 2, principleId: p1, critique: "c", revisionId: ids[2] },
        ];
      }),
    });
    expect(await summaryRows(dataset.id)).toEqual(await rebuilt(dataset.id));
    const pm = await pmByRevision(pmByRevisionQuerySchema.parse({ dataset: dataset.id }));
    const values = (k: number) => byPrompt.map((_, i) => (i % 7) + k * 0.5);
    for (const k of [0, 1, 2]) {
      const expected = meanInterval(values(k));
      expect(pm.series[0].points[k]).toMatchObject({ revision: k, n: 30 });
      for (const field of ["mean", "sd", "low", "high"] as const) expect(pm.series[0].points[k][field]).toBeCloseTo(expected[field]!, 12);
    }
    // every revision adds 0.5
    const changes = await principleAnalytics(principleQuerySchema.parse({ dataset: dataset.id }));
    expect(changes.changes.map((c) => [c.n, c.mean])).toEqual([
      [30, 0.5],
      [30, 0.5],
    ]);
    // a delete of more than 50 scores marks the summaries stale; the rebuild brings them up to date
    await prisma.score.deleteMany({ where: { responseId: { in: byPrompt.flatMap((ids) => ids.slice(0, 2)) } } });
    expect(await stale()).toBe(true);
    await currentSummaries();
    const after = await pmByRevision(pmByRevisionQuerySchema.parse({ dataset: dataset.id }));
    expect(after.series[0].points.map((p) => [p.revision, p.n])).toEqual([[2, 30]]);
    expect(await summaryRows(dataset.id)).toEqual(await rebuilt(dataset.id));
    // so does an insert of more than 1,000 scores (a fit's batch)
    await prisma.score.createMany({ data: Array.from({ length: 1001 }, (_, i) => ({ responseId: byPrompt[i % 30][0], name: "pm_score", source: "ENDPOINT" as const, value: 1 })) });
    expect(await stale()).toBe(true);
    await currentSummaries();
    expect((await pmByRevision(pmByRevisionQuerySchema.parse({ dataset: dataset.id, source: "ENDPOINT" }))).series[0].points).toMatchObject([{ revision: 0, n: 1001, mean: 1 }]);
  });

  it("pair the two orders of a label written in separate statements, keeping the largest P(A) of each", async () => {
    const dataset = await createDataset("charts-summaries-labels");
    const [promptId] = await createPrompts(dataset.id, [{ text: "Label pair prompt" }]);
    const [a, b] = await prisma.response.createManyAndReturn({
      data: [
        { promptId, text: "A", origin: "SAMPLE" },
        { promptId, text: "B", origin: "SAMPLE" },
      ],
      select: { id: true },
    });
    const comparison = await prisma.comparison.create({ data: { promptId, responseAId: a.id, responseBId: b.id, source: "SAMPLES" } });
    const run = await prisma.run.create({ data: { kind: "LABEL", status: "SUCCEEDED", datasetId: dataset.id } });
    const {
      principleIds: [p0],
    } = await fixtureConstitution();
    const judge = await prisma.modelEndpoint.create({ data: { name: `summaries judge ${comparison.id}`, kind: "OPENAI_COMPATIBLE", model: "judge" } });
    const label = (order: "AB" | "BA", pA: number) => ({
      comparisonId: comparison.id,
      runId: run.id,
      principleId: p0,
      endpointId: judge.id,
      order,
      pA,
      method: "LOGPROBS" as const,
      prompt: "p",
    });
    await prisma.aiLabel.create({ data: label("AB", 0.7) });
    expect((await positionBiasChart(positionBiasQuerySchema.parse({ run: run.id }))).overall.pairs).toBe(0);
    await prisma.aiLabel.create({ data: label("BA", 0.2) });
    const data = await positionBiasChart(positionBiasQuerySchema.parse({ run: run.id }));
    expect(data.overall).toMatchObject({ pairs: 1, flipsToFirst: 1, flipsToSecond: 0 });
    expect(data.byEndpoint).toMatchObject([{ key: String(judge.id), label: judge.name, pairs: 1 }]);
    expect(data.grid).toEqual([{ x: 7, y: 2, xLow: 0.7, yLow: 0.2, count: 1 }]);
    // the default grid reads the kept cells, any other the pairs: the same sums, the pair in its own cell
    const coarse = await positionBiasChart(positionBiasQuerySchema.parse({ run: run.id, bins: "4" }));
    expect(coarse.overall).toEqual(data.overall);
    expect(coarse.byEndpoint).toEqual(data.byEndpoint);
    expect(coarse.grid).toEqual([{ x: 2, y: 0, xLow: 0.5, yLow: 0, count: 1 }]);
    expect((await principleAnalytics(principleQuerySchema.parse({ labelRun: run.id }))).flips).toMatchObject([{ key: String(p0), pairs: 1, flips: 1 }]);
    expect(await summaryRows(dataset.id)).toEqual(await rebuilt(dataset.id));

    // deleting the endpoint leaves its labels without one, and needs no rebuild; nor do updates
    // that change no key column, or deletes that remove nothing
    await prisma.modelEndpoint.delete({ where: { id: judge.id } });
    await prisma.prompt.update({ where: { id: promptId }, data: { labelCount: { increment: 1 } } });
    await prisma.chain.deleteMany({ where: { promptId } });
    expect(await stale()).toBe(false);
    expect((await positionBiasChart(positionBiasQuerySchema.parse({ run: run.id }))).byEndpoint).toMatchObject([{ key: "all", label: "No endpoint", pairs: 1 }]);
  });
});

describe("harmless vs helpful from kept moments", () => {
  it("gives the count, means and r of the responses with both scores, and the same points either way they are read", async () => {
    const dataset = await createDataset("charts-summaries-scatter");
    const [promptId] = await createPrompts(dataset.id, [{ text: "Scatter summary prompt" }]);
    const responses = await prisma.response.createManyAndReturn({ data: [1, 2, 3, 4, 5].map((i) => ({ promptId, text: `answer ${i}`, origin: "SAMPLE" as const })), select: { id: true } });
    const ids = responses.map((r) => r.id);
    const harmless = [1, 2, 3, 5, 8];
    const helpful = [4, 1, 3, 2];
    // one statement per score: each changes a response's pairs of kinds
    for (const [i, value] of harmless.entries()) await prisma.score.create({ data: { responseId: ids[i], name: "harmlessness", source: "IMPORTED", value } });
    for (const [i, value] of helpful.entries()) await prisma.score.create({ data: { responseId: ids[i], name: "helpfulness", source: "ENDPOINT", value } });
    // a second harmlessness score of the first answer: its mean 2 is what counts
    await prisma.score.create({ data: { responseId: ids[0], name: "harmlessness", source: "ENDPOINT", value: 3 } });
    const points = [
      { x: 2, y: 4 },
      { x: 2, y: 1 },
      { x: 3, y: 3 },
      { x: 5, y: 2 },
    ];
    const query = scoreScatterQuerySchema.parse({ dataset: dataset.id, x: "harmlessness", y: "helpfulness" });
    const walked = await scoreScatter(query, "walk");
    expect(walked).toMatchObject({ pairs: 4, meanX: 3, meanY: 2.5 });
    expect(walked.correlation).toBeCloseTo(correlation(points)!, 12);
    expect(walked.points.map((p) => [p.x, p.y])).toEqual([
      [2, 1],
      [2, 4],
      [3, 3],
      [5, 2],
    ]);
    expect(await scoreScatter(query, "read")).toEqual(walked);
    // cut to 2 points, walked or read: the two answers with both scores and the smallest hash of their id
    const { rows: firstTwo } = await pgPool().query<{ id: number }>(`SELECT id FROM "Response" WHERE id = ANY($1) ORDER BY hashint4(id), id LIMIT 2`, [ids.slice(0, 4)]);
    for (const strategy of ["walk", "read"] as const) {
      const cut = await scoreScatter(query, strategy, 2);
      expect(cut.pairs, strategy).toBe(4);
      expect(
        cut.points.map((p) => p.responseId).sort((a, b) => a - b),
        strategy,
      ).toEqual(firstTwo.map((r) => r.id).sort((a, b) => a - b));
    }
    // the axes swapped: the same pairs, x and y exchanged
    const swapped = await scoreScatter(scoreScatterQuerySchema.parse({ dataset: dataset.id, x: "helpfulness", y: "harmlessness" }));
    expect(swapped).toMatchObject({ pairs: 4, meanX: 2.5, meanY: 3 });
    expect(swapped.correlation).toBeCloseTo(walked.correlation!, 12);
    // only the IMPORTED harmlessness: the first answer's is 1
    const imported = await scoreScatter(scoreScatterQuerySchema.parse({ dataset: dataset.id, x: "harmlessness", xSource: "IMPORTED", y: "helpfulness" }));
    expect(imported.correlation).toBeCloseTo(correlation([{ x: 1, y: 4 }, ...points.slice(1)])!, 12);

    await prisma.score.deleteMany({ where: { responseId: ids[3], name: "helpfulness" } });
    const fewer = await scoreScatter(query);
    expect(fewer).toMatchObject({ pairs: 3 });
    expect(fewer.correlation).toBeCloseTo(correlation(points.slice(0, 3))!, 12);
    expect(await summaryRows(dataset.id)).toEqual(await rebuilt(dataset.id));
  });
});
