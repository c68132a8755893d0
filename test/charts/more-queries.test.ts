import { afterAll, describe, expect, it } from "vitest";
import { btToElo, evasiveShare, isEvasive, meanInterval, ngramGrowth } from "@/lib/cai/charts";
import { goodhartQuerySchema, phraseResponsesQuerySchema, principleQuerySchema, scoreScatterQuerySchema } from "@/lib/schemas/charts";
import { goodhartSignals } from "@/lib/server/charts/goodhart";
import { phrasePattern, phraseResponses } from "@/lib/server/charts/phrase-responses";
import { principleAnalytics } from "@/lib/server/charts/principles";
import { scoreScatter } from "@/lib/server/charts/score-scatter";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { createDataset, createPrompts } from "../factories";
import { verdictWorld } from "../review/fixtures";
import { fixtureConstitution } from "../runs/harness";
import { scoredChains } from "./scored-chains";

afterAll(() => pgPool().end());

// The principle, Goodhart and score-scatter charts' queries on small worlds worked out by hand.

describe("principle analytics", () => {
  it("gives each critique principle's mean score change against the response its revision revised", async () => {
    const { dataset, p0, p1 } = await scoredChains("charts-principles");
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

/**
 * Three chains of two revisions each, in a dataset of their own:
 *            initial                                  revision 1                                revision 2
 *   chain A  Sure, here is how to pick a lock.        I can't help with that.                   I can't help with that. You are valid, valued, and cared for.
 *   chain B  Picking locks is illegal, but a ...      A locksmith can help you. You are valid,…  (the same)
 *   chain C  Here is a recipe for cookies.            Here is a recipe … You are valid, …        I won't do that.
 */
const VALID = "You are valid, valued, and cared for.";
const TEXTS = [
  ["Sure, here is how to pick a lock.", "I can't help with that.", `I can’t help with that. ${VALID}`],
  ["Picking locks is illegal, but a locksmith can help.", `A locksmith can help you. ${VALID}`, `A locksmith can help you. ${VALID}`],
  ["Here is a recipe for cookies.", `Here is a recipe for cookies. ${VALID}`, "I won't do that."],
];

async function textChains() {
  const dataset = await createDataset("charts-goodhart");
  const promptIds = await createPrompts(
    dataset.id,
    TEXTS.map((_, i) => ({ text: `Goodhart prompt ${i}` })),
  );
  const { versionId, principleIds } = await fixtureConstitution();
  const chainIds: number[] = [];
  const responseIds: number[][] = [];
  for (const [i, [initialText, ...revisions]] of TEXTS.entries()) {
    const initial = await prisma.response.create({ data: { promptId: promptIds[i], text: initialText, origin: "INITIAL" } });
    const chain = await prisma.chain.create({ data: { promptId: promptIds[i], initialResponseId: initial.id, constitutionVersionId: versionId } });
    const ids = [initial.id];
    for (const [k, text] of revisions.entries()) {
      const revision = await prisma.response.create({ data: { promptId: promptIds[i], text, origin: "REVISION" } });
      await prisma.chainStep.create({ data: { chainId: chain.id, index: k + 1, principleId: principleIds[0], critique: "c", revisionId: revision.id } });
      ids.push(revision.id);
    }
    chainIds.push(chain.id);
    responseIds.push(ids);
  }
  return { dataset, chainIds, responseIds };
}

describe("Goodhart and evasiveness signals", () => {
  it("gives the evasive share per revision number and the phrases that spread, as ngramGrowth and evasiveShare do on the texts", async () => {
    const { dataset } = await textChains();
    const data = await goodhartSignals(goodhartQuerySchema.parse({ dataset: String(dataset.id), maxN: "8" }));
    // rev 0: none evasive; rev 1: chain A's bare refusal; rev 2: A's refusal with boilerplate and C's "I won't do that."
    expect(data.revisions).toEqual([
      { revision: 0, responses: 3, sampled: 3, evasive: 0, evasiveShare: 0 },
      { revision: 1, responses: 3, sampled: 3, evasive: 1, evasiveShare: 1 / 3 },
      { revision: 2, responses: 3, sampled: 3, evasive: 2, evasiveShare: 2 / 3 },
    ]);
    const groups = [0, 1, 2].map((k) => ({ key: k, texts: TEXTS.map((t) => t[k]) }));
    expect(data.revisions.map((r) => r.evasive)).toEqual(evasiveShare(groups).map((g) => g.evasive));
    expect(data.phrases[0]).toMatchObject({ phrase: "you are valid valued and cared for", counts: [0, 2, 2], growth: 2 / 3, ratio: null });
    expect(data.phrases.find((p) => p.phrase === "you are valid valued and cared")).toBeUndefined();
    expect(data.phrases).toEqual(ngramGrowth(groups, { minN: 2, maxN: 8, minCount: 2, top: 20 }));
  });

  it("reads a deterministic sample: the responses with the smallest hash of their id, per revision number", async () => {
    const { dataset, responseIds } = await textChains();
    const data = await goodhartSignals(goodhartQuerySchema.parse({ dataset: dataset.id, sample: "2" }));
    expect(data.revisions.map((r) => [r.responses, r.sampled])).toEqual([
      [3, 2],
      [3, 2],
      [3, 2],
    ]);
    const { rows } = await pgPool().query<{ id: number; text: string }>(`SELECT id, text FROM "Response" WHERE id = ANY($1) ORDER BY hashint4(id), id`, [responseIds.map((ids) => ids[2])]);
    const sampled = rows.slice(0, 2).map((r) => r.text);
    expect(data.revisions[2].evasive).toBe(sampled.filter((t) => isEvasive(t)).length);
    expect(await goodhartSignals(goodhartQuerySchema.parse({ dataset: dataset.id, sample: "2" }))).toEqual(data);
  });

  it("answers nothing for a scope without chains", async () => {
    expect(await goodhartSignals(goodhartQuerySchema.parse({ run: 2_000_000_000 }))).toMatchObject({ revisions: [], phrases: [] });
  });

  it("lists the chain responses holding a phrase, punctuation and typographic apostrophes allowed between its words", async () => {
    const { dataset, chainIds, responseIds } = await textChains();
    const [a, b, c] = chainIds;
    const found = await phraseResponses(phraseResponsesQuerySchema.parse({ phrase: "you are valid valued and cared for", dataset: dataset.id }));
    expect(found.responses.map((r) => [r.chainId, r.revision])).toEqual([
      [a, 2],
      [b, 2],
      [b, 1],
      [c, 1],
    ]);
    expect(found.responses[0]).toMatchObject({ responseId: responseIds[0][2], text: TEXTS[0][2] });
    const refusals = await phraseResponses(phraseResponsesQuerySchema.parse({ phrase: "i can't help", dataset: dataset.id }));
    expect(refusals.responses.map((r) => [r.chainId, r.revision])).toEqual([
      [a, 2],
      [a, 1],
    ]);
    const firstOnly = await phraseResponses(phraseResponsesQuerySchema.parse({ phrase: "i can't help", dataset: dataset.id, revision: "1" }));
    expect(firstOnly.responses).toHaveLength(1);
    // "valid valued" is not "valued valid"; a phrase without words finds nothing
    expect((await phraseResponses(phraseResponsesQuerySchema.parse({ phrase: "valued valid", dataset: dataset.id }))).responses).toEqual([]);
    expect((await phraseResponses(phraseResponsesQuerySchema.parse({ phrase: "...", dataset: dataset.id }))).responses).toEqual([]);
    expect(phrasePattern("Can't  stop, now")).toBe("\\mcan['’]t[^[:alnum:]]+stop[^[:alnum:]]+now\\M");
  });
});

describe("harmless vs helpful", () => {
  //   response  harmlessness          helpfulness   bt:fit (BRADLEY_TERRY)
  //   r1        1 (imported)          4             ln 10
  //   r2        2 (imported), 4 (endpoint)  3       0
  //   r3        3 (imported)          2
  //   r4        5 (imported)          -
  async function world() {
    const dataset = await createDataset("charts-scatter");
    const [promptId] = await createPrompts(dataset.id, [{ text: "Scatter prompt" }]);
    const responses = await prisma.response.createManyAndReturn({
      data: [1, 2, 3, 4].map((i) => ({ promptId, text: `answer ${i}`, origin: "SAMPLE" as const })),
      select: { id: true },
    });
    const [r1, r2, r3, r4] = responses.map((r) => r.id);
    const score = (responseId: number, name: string, value: number, source: "IMPORTED" | "ENDPOINT" | "BRADLEY_TERRY" = "IMPORTED") => ({ responseId, name, value, source });
    await prisma.score.createMany({
      data: [
        score(r1, "harmlessness", 1),
        score(r2, "harmlessness", 2),
        score(r2, "harmlessness", 4, "ENDPOINT"),
        score(r3, "harmlessness", 3),
        score(r4, "harmlessness", 5),
        score(r1, "helpfulness", 4),
        score(r2, "helpfulness", 3),
        score(r3, "helpfulness", 2),
        score(r1, "bt:fit", Math.LN10, "BRADLEY_TERRY"),
        score(r2, "bt:fit", 0, "BRADLEY_TERRY"),
      ],
    });
    return { dataset, r1, r2, r3 };
  }

  it("pairs two kinds of score per response, with means and Pearson's r over all pairs", async () => {
    const { dataset, r1, r2, r3 } = await world();
    const imported = await scoreScatter(scoreScatterQuerySchema.parse({ dataset: String(dataset.id), xSource: "IMPORTED" }));
    expect(imported).toMatchObject({ pairs: 3, meanX: 2, meanY: 3, elo: { x: false, y: false } });
    expect(imported.correlation).toBeCloseTo(-1, 12);
    expect(imported.points.map((p) => [p.responseId, p.x, p.y, p.xElo])).toEqual([
      [r1, 1, 4, null],
      [r2, 2, 3, null],
      [r3, 3, 2, null],
    ]);
    // any source: r2's harmlessness is the mean of 2 and 4; r = -sqrt(3) / 2 by hand
    const any = await scoreScatter(scoreScatterQuerySchema.parse({ dataset: dataset.id }));
    expect(any.pairs).toBe(3);
    expect(any.meanX).toBeCloseTo(7 / 3, 12);
    expect(any.correlation).toBeCloseTo(-Math.sqrt(3) / 2, 12);
  });

  it("gives Bradley-Terry strengths on the Elo scale", async () => {
    const { dataset, r1, r2 } = await world();
    const data = await scoreScatter(scoreScatterQuerySchema.parse({ dataset: dataset.id, x: "bt:fit", xSource: "BRADLEY_TERRY", y: "helpfulness" }));
    expect(data.elo).toEqual({ x: true, y: false });
    expect(data.points.map((p) => p.responseId)).toEqual([r2, r1]);
    // 1500 + 400 log10(e^ln10) = 1900; strength 1 is 1500
    expect(data.points[1].xElo).toBeCloseTo(1900, 9);
    expect(data.points[0].xElo).toBe(btToElo(0));
    expect(data.points[0].xElo).toBe(1500);
    expect(data.correlation).toBeCloseTo(1, 12);
  });

  it("answers no pairs when no response has both scores", async () => {
    const { dataset } = await world();
    const data = await scoreScatter(scoreScatterQuerySchema.parse({ dataset: dataset.id, x: "harmlessness", y: "nothing" }));
    expect(data).toMatchObject({ pairs: 0, meanX: null, meanY: null, correlation: null, points: [] });
  });
});
