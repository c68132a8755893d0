import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { agreementReport } from "@/lib/server/agreement/report";
import { pgPool } from "@/lib/server/pg";
import { uniqueName } from "../imports/helpers";
import { fixtureConstitution, importedDataset } from "../runs/harness";

afterAll(() => pgPool().end());

// A hand-computed example: four pairs, the AI's verdicts, two reviewers and an imported crowd.
//            AI P(A)   AI   reviewer 1  reviewer 2  crowd (imported)
//   pair 1    0.90     A      A           A           A
//   pair 2    0.30     B      B           A           B
//   pair 3    0.55     A      B           B           A
//   pair 4    0.52     A      A           tie         B
const AI = [0.9, 0.3, 0.55, 0.52];
const ONE = ["A", "B", "B", "A"] as const;
const TWO = ["A", "A", "B", "TIE"] as const;
const CROWD = ["A", "B", "A", "B"] as const;

async function example() {
  const dataset = await importedDataset("prompts.jsonl");
  const { principleIds } = await fixtureConstitution();
  const [one, two] = await Promise.all(["one", "two"].map((n) => prisma.user.create({ data: { email: `${uniqueName(n)}@test`, role: "REVIEWER" } })));
  const endpoint = await prisma.modelEndpoint.create({ data: { name: uniqueName("judge"), kind: "OPENAI_COMPATIBLE", model: "judge" } });
  const run = await prisma.run.create({ data: { kind: "LABEL", datasetId: dataset.id, endpointId: endpoint.id } });
  const comparisons = [];
  for (const [i, promptId] of dataset.promptIds.slice(0, 4).entries()) {
    const [a, b] = await Promise.all(["a", "b"].map((side) => prisma.response.create({ data: { promptId, text: `${side}${i}`, origin: "SAMPLE" } })));
    const comparison = await prisma.comparison.create({ data: { promptId, responseAId: a.id, responseBId: b.id, source: "SAMPLES" } });
    comparisons.push(comparison.id);
    await prisma.aiVerdict.create({
      data: { comparisonId: comparison.id, runId: run.id, endpointId: endpoint.id, pA: AI[i], pAUsed: AI[i], flips: 0, spread: 0, principles: 1, method: "LOGPROBS", chainOfThought: false },
    });
    await prisma.humanLabel.createMany({
      data: [
        { comparisonId: comparison.id, userId: one.id, source: "REVIEW", choice: ONE[i] },
        { comparisonId: comparison.id, userId: two.id, source: "REVIEW", choice: TWO[i] },
        { comparisonId: comparison.id, source: "IMPORTED", sourceName: "crowd", choice: CROWD[i] },
      ],
    });
  }
  // reviewer 1 first said B on pair 1, then changed it: only the current answer counts
  await prisma.humanLabel.create({ data: { comparisonId: comparisons[0], userId: one.id, source: "REVIEW", choice: "B", supersededAt: new Date() } });
  // one principle's own labels: pair 1 averages 0.75 (A), pair 2 0.6 (A)
  await prisma.aiLabel.createMany({
    data: [
      { comparisonId: comparisons[0], runId: run.id, principleId: principleIds[0], order: "AB", method: "LOGPROBS", prompt: "p", pA: 0.8 },
      { comparisonId: comparisons[0], runId: run.id, principleId: principleIds[0], order: "BA", method: "LOGPROBS", prompt: "p", pA: 0.7 },
      { comparisonId: comparisons[1], runId: run.id, principleId: principleIds[0], order: "AB", method: "LOGPROBS", prompt: "p", pA: 0.6 },
    ],
  });
  return { dataset, run, endpoint, one, two };
}

describe("the agreement report", () => {
  it("matches the hand-computed example", async () => {
    const { dataset, endpoint, one, two } = await example();
    const report = await agreementReport({ datasetId: dataset.id });

    // 11 AI-vs-human answer pairs (the tie is left out), 7 agree; kappa = (77 - 63) / (121 - 63) = 14/58
    expect(report.aiVsHuman.overall).toMatchObject({ items: 4, n: 11, agree: 7, reliable: false });
    expect(report.aiVsHuman.overall.kappa).toBeCloseTo(14 / 58, 10);
    expect(report.aiVsHuman.leftOut).toEqual({ ties: 1, skips: 0, flags: 0, aiUndecided: 0, notJudged: 0 });
    // a bootstrap over the four pairs: the interval holds the figure
    const { accuracyInterval } = report.aiVsHuman.overall;
    expect(accuracyInterval!.low).toBeLessThanOrEqual(7 / 11);
    expect(accuracyInterval!.high).toBeGreaterThanOrEqual(7 / 11);
    // confidence 0.05 and 0.02 (pairs 3, 4): 5 answers, 2 agree; 0.2 (pair 2): 3, 2; 0.4 (pair 1): 3, 3
    expect(report.aiVsHuman.byConfidence.map((b) => [b.n, b.agree])).toEqual([
      [5, 2],
      [0, 0],
      [3, 2],
      [0, 0],
      [3, 3],
    ]);
    expect(report.aiVsHuman.byEndpoint).toEqual([expect.objectContaining({ endpointId: endpoint.id, n: 11, agree: 7 })]);
    // the principle says A on pairs 1 and 2: 3 of 3 agree on pair 1, 1 of 3 on pair 2
    expect(report.aiVsHuman.byPrinciple).toEqual([expect.objectContaining({ n: 6, agree: 4 })]);

    // reviewers 1 and 2: agree on pairs 1 and 3 of 4; expected by chance 0.375; kappa (0.5 - 0.375) / 0.625
    const reviewers = report.humanVsHuman.pairs.find((p) => [p.raterA, p.raterB].sort().join() === [one.email, two.email].sort().join());
    expect(reviewers).toMatchObject({ n: 4, observed: 0.5, reliable: false });
    expect(reviewers!.kappaInterval).not.toBeNull();
    expect(reviewers!.kappa).toBeCloseTo(0.2, 10);
    // Krippendorff's alpha over the three raters and four pairs: 1 - 11 x 7 / 82
    expect(report.humanVsHuman).toMatchObject({ raters: 3, units: 4, reliable: false, leftOut: { skips: 0, flags: 0, oneRater: 0 } });
    expect(report.humanVsHuman.alpha).toBeCloseTo(5 / 82, 10);
  });

  it("counts the answers it leaves out: skips, flags, one reviewer only, no AI answer, no verdict", async () => {
    const { dataset, run, endpoint, one, two } = await example();
    const five = dataset.promptIds[4];
    const pair = async (promptId: number, i: number) => {
      const [a, b] = await Promise.all(["a", "b"].map((side) => prisma.response.create({ data: { promptId, text: `${side}x${i}`, origin: "SAMPLE" } })));
      return prisma.comparison.create({ data: { promptId, responseAId: a.id, responseBId: b.id, source: "SAMPLES" } });
    };
    // pair 5: the AI says exactly 0.5; reviewer 1 answers A, reviewer 2 skips, the crowd flags it
    const undecided = await pair(five, 5);
    await prisma.aiVerdict.create({
      data: { comparisonId: undecided.id, runId: run.id, endpointId: endpoint.id, pA: 0.5, pAUsed: 0.5, flips: 0, spread: 0, principles: 1, method: "LOGPROBS", chainOfThought: false },
    });
    // pair 6: no verdict; reviewer 2 alone answers B
    const unjudged = await pair(five, 6);
    await prisma.humanLabel.createMany({
      data: [
        { comparisonId: undecided.id, userId: one.id, source: "REVIEW", choice: "A" },
        { comparisonId: undecided.id, userId: two.id, source: "REVIEW", choice: "SKIP" },
        { comparisonId: undecided.id, source: "IMPORTED", sourceName: "crowd", choice: "FLAG" },
        { comparisonId: unjudged.id, userId: two.id, source: "REVIEW", choice: "B" },
      ],
    });
    const report = await agreementReport({ datasetId: dataset.id });
    expect(report.aiVsHuman.overall).toMatchObject({ items: 4, n: 11, agree: 7 });
    expect(report.aiVsHuman.leftOut).toEqual({ ties: 1, skips: 1, flags: 1, aiUndecided: 1, notJudged: 1 });
    // people: reviewer 1's A on pair 5 and reviewer 2's B on pair 6 have nobody to agree with
    expect(report.humanVsHuman).toMatchObject({ units: 4, leftOut: { skips: 1, flags: 1, oneRater: 2 } });
    expect(report.humanVsHuman.alpha).toBeCloseTo(5 / 82, 10);
  });

  it("counts only the studio's reviewers, or only imported labels, when asked", async () => {
    const { dataset } = await example();
    const reviewers = await agreementReport({ datasetId: dataset.id, humans: "REVIEW" });
    expect(reviewers.aiVsHuman.overall).toMatchObject({ n: 7, agree: 4 });
    const crowd = await agreementReport({ datasetId: dataset.id, humans: "IMPORTED" });
    expect(crowd.aiVsHuman.overall).toMatchObject({ n: 4, agree: 3 });
    await expect(agreementReport({ datasetId: 999999 })).rejects.toThrow("datasetId: there is no dataset 999999");
  });
});
