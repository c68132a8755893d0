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
    expect(report.aiVsHuman.overall).toMatchObject({ n: 11, agree: 7 });
    expect(report.aiVsHuman.overall.kappa).toBeCloseTo(14 / 58, 10);
    expect(report.aiVsHuman.humanTies).toBe(1);
    // confidence 0.05 and 0.02 (pairs 3, 4): 5 answers, 2 agree; 0.2 (pair 2): 3, 2; 0.4 (pair 1): 3, 3
    expect(report.aiVsHuman.byConfidence.map((b) => [b.n, b.agree])).toEqual([[5, 2], [0, 0], [3, 2], [0, 0], [3, 3]]);
    expect(report.aiVsHuman.byEndpoint).toEqual([expect.objectContaining({ endpointId: endpoint.id, n: 11, agree: 7 })]);
    // the principle says A on pairs 1 and 2: 3 of 3 agree on pair 1, 1 of 3 on pair 2
    expect(report.aiVsHuman.byPrinciple).toEqual([expect.objectContaining({ n: 6, agree: 4 })]);

    // reviewers 1 and 2: agree on pairs 1 and 3 of 4; expected by chance 0.375; kappa (0.5 - 0.375) / 0.625
    const reviewers = report.humanVsHuman.pairs.find((p) => [p.raterA, p.raterB].sort().join() === [one.email, two.email].sort().join());
    expect(reviewers).toMatchObject({ n: 4, observed: 0.5 });
    expect(reviewers!.kappa).toBeCloseTo(0.2, 10);
    // Krippendorff's alpha over the three raters and four pairs: 1 - 11 x 7 / 82
    expect(report.humanVsHuman).toMatchObject({ raters: 3, units: 4 });
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
