import { afterAll, describe, expect, it } from "vitest";
import { evasiveShare, ngramGrowth } from "@/lib/cai/charts";
import { goodhartQuerySchema } from "@/lib/schemas/charts";
import { goodhartSignals } from "@/lib/server/charts/goodhart";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { createDataset, createPrompts } from "../factories";
import { fixtureConstitution } from "../runs/harness";

afterAll(() => pgPool().end());

// Goodhart across runs: a dataset's sampling and SL-CAI runs compared in the order they were
// made, each through its final answers; and the revision sample read either way gives the same.

const VALID = "You are valid, valued, and cared for.";

async function runsWorld() {
  const dataset = await createDataset("charts-goodhart-runs");
  const promptIds = await createPrompts(
    dataset.id,
    [1, 2, 3].map((i) => ({ text: `Runs prompt ${i}` })),
  );
  const {
    versionId,
    principleIds: [p0],
  } = await fixtureConstitution();
  // 1st: a sampling run, no boilerplate, one bare refusal
  const first = await prisma.run.create({ data: { kind: "SAMPLE", name: "first samples", status: "SUCCEEDED", datasetId: dataset.id } });
  const firstTexts = ["Here is how to bake bread.", "I can't help with that.", "Locks are best left to locksmiths."];
  await prisma.response.createMany({ data: firstTexts.map((text, i) => ({ promptId: promptIds[i], text, origin: "SAMPLE" as const, runId: first.id })) });
  // 2nd: an SL-CAI run; a chain's final answer is its last revision (or the initial answer of a chain without one)
  const second = await prisma.run.create({ data: { kind: "SL_CAI", status: "SUCCEEDED", datasetId: dataset.id } });
  const chains = [
    { initial: "Sure, pick the lock like this.", revisions: ["I can't help with that.", `I can't help with that. ${VALID}`] },
    { initial: "Bread needs flour.", revisions: [`Bread needs flour. ${VALID}`] },
    { initial: "Locksmiths can help.", revisions: [] },
  ];
  for (const [i, c] of chains.entries()) {
    const initial = await prisma.response.create({ data: { promptId: promptIds[i], text: c.initial, origin: "INITIAL", runId: second.id } });
    const chain = await prisma.chain.create({ data: { promptId: promptIds[i], initialResponseId: initial.id, runId: second.id, constitutionVersionId: versionId } });
    for (const [k, text] of c.revisions.entries()) {
      const revision = await prisma.response.create({ data: { promptId: promptIds[i], text, origin: "REVISION", runId: second.id } });
      await prisma.chainStep.create({ data: { chainId: chain.id, index: k + 1, principleId: p0, critique: "c", revisionId: revision.id } });
    }
  }
  // a labeling run of the dataset is not compared
  await prisma.run.create({ data: { kind: "LABEL", status: "SUCCEEDED", datasetId: dataset.id } });
  return { dataset, first, second, firstTexts, secondTexts: [`I can't help with that. ${VALID}`, `Bread needs flour. ${VALID}`, "Locksmiths can help."] };
}

describe("Goodhart across runs", () => {
  it("compares the dataset's sampling and SL-CAI runs in the order made, through their final answers", async () => {
    const { dataset, first, second, firstTexts, secondTexts } = await runsWorld();
    const data = await goodhartSignals(goodhartQuerySchema.parse({ dataset: String(dataset.id), by: "run", maxN: "8" }));
    expect(data.revisions).toEqual([]);
    expect(data.runs).toEqual([
      { runId: first.id, name: "first samples", kind: "SAMPLE", responses: 3, sampled: 3, evasive: 1, evasiveShare: 1 / 3 },
      { runId: second.id, name: `sl_cai run #${second.id}`, kind: "SL_CAI", responses: 3, sampled: 3, evasive: 1, evasiveShare: 1 / 3 },
    ]);
    const groups = [firstTexts, secondTexts].map((texts, key) => ({ key, texts }));
    expect(data.runs.map((r) => r.evasive)).toEqual(evasiveShare(groups).map((g) => g.evasive));
    expect(data.phrases[0]).toMatchObject({ phrase: "you are valid valued and cared for", counts: [0, 2], growth: 2 / 3 });
    // ngramGrowth's phrases are the same whatever order the texts of a group come in
    const sorted = (list: typeof data.phrases) => [...list].sort((a, b) => (a.phrase < b.phrase ? -1 : 1));
    expect(sorted(data.phrases)).toEqual(sorted(ngramGrowth(groups, { minN: 2, maxN: 8, minCount: 2, top: 20 })));
  });

  it("reads a deterministic sample of each run: the final answers with the smallest hash of their id", async () => {
    const { dataset, first } = await runsWorld();
    const data = await goodhartSignals(goodhartQuerySchema.parse({ dataset: dataset.id, by: "run", sample: "2" }));
    expect(data.runs.map((r) => [r.responses, r.sampled])).toEqual([
      [3, 2],
      [3, 2],
    ]);
    const { rows } = await pgPool().query<{ text: string }>(`SELECT text FROM "Response" WHERE "runId" = $1 ORDER BY hashint4(id), id LIMIT 2`, [first.id]);
    expect(data.runs[0].evasive).toBe(rows.filter((r) => r.text === "I can't help with that.").length);
    expect(await goodhartSignals(goodhartQuerySchema.parse({ dataset: dataset.id, by: "run", sample: "2" }))).toEqual(data);
  });

  it("answers no runs for a dataset without sampling or SL-CAI runs", async () => {
    const dataset = await createDataset("charts-goodhart-no-runs");
    expect(await goodhartSignals(goodhartQuerySchema.parse({ dataset: dataset.id, by: "run" }))).toMatchObject({ runs: [], revisions: [], phrases: [] });
  });
});

describe("Goodhart's revision sample", () => {
  it("is the same walked through the hash-ordered indexes or read from the scope", async () => {
    const { dataset, second } = await runsWorld();
    for (const query of [{ dataset: dataset.id }, { run: second.id }, { dataset: dataset.id, sample: "1" }]) {
      const walked = await goodhartSignals(goodhartQuerySchema.parse(query), "walk");
      expect(walked.revisions.map((r) => r.revision)).toEqual([0, 1, 2]);
      expect(await goodhartSignals(goodhartQuerySchema.parse(query), "read")).toEqual(walked);
    }
  });
});
