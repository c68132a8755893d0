import { prisma } from "@/lib/server/db";
import { createDataset, createPrompts } from "../factories";
import { fixtureConstitution } from "../runs/harness";

// The chart tests' hand-scored chains (queries.test.ts, more-queries.test.ts).

/**
 * Three chains scored by hand ("pm_score", IMPORTED unless said), principles P0 and P1:
 *            initial   revision 1    revision 2
 *   chain 1   1.0      2.0 (P0)      3.0 (P1)
 *   chain 2   3.0      4.0 (P1)      2.0 (P0)
 *   chain 3   2.0      3.0 (P0)      unscored (P1)
 * plus an ENDPOINT pm_score of 100 on chain 1's initial response (no ENDPOINT score on its
 * revisions, so it changes no principle's score) and one of 50 on chain 2's first revision (no
 * ENDPOINT score on the answer it revised: nothing either), a "helpfulness" score of 7 on chain 1's
 * initial response, and two scored RL samples outside any chain (-1 and 3) on a fourth prompt.
 */
export async function scoredChains(name: string) {
  const dataset = await createDataset(name);
  const promptIds = await createPrompts(
    dataset.id,
    [1, 2, 3, 4].map((i) => ({ text: `Prompt ${i}` })),
  );
  const { versionId, principleIds } = await fixtureConstitution();
  const [p0, p1] = principleIds;
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
  const scores: { responseId: number; value: number; source?: "IMPORTED" | "ENDPOINT"; name?: string }[] = [];
  for (const [i, row] of table.entries()) {
    const initial = await prisma.response.create({ data: { promptId: promptIds[i], text: `initial ${i}`, origin: "INITIAL" } });
    const chain = await prisma.chain.create({ data: { promptId: promptIds[i], initialResponseId: initial.id, constitutionVersionId: versionId } });
    scores.push({ responseId: initial.id, value: row.initial });
    if (i === 0) scores.push({ responseId: initial.id, value: 100, source: "ENDPOINT" }, { responseId: initial.id, value: 7, name: "helpfulness" });
    for (const [k, [value, principleId]] of row.steps.entries()) {
      const revision = await prisma.response.create({ data: { promptId: promptIds[i], text: `revision ${i}.${k + 1}`, origin: "REVISION" } });
      await prisma.chainStep.create({ data: { chainId: chain.id, index: k + 1, principleId, critique: "c", revisionId: revision.id } });
      if (value !== null) scores.push({ responseId: revision.id, value });
      if (i === 1 && k === 0) scores.push({ responseId: revision.id, value: 50, source: "ENDPOINT" });
    }
  }
  for (const value of [-1, 3]) {
    const sample = await prisma.response.create({ data: { promptId: promptIds[3], text: `sample ${value}`, origin: "SAMPLE" } });
    scores.push({ responseId: sample.id, value });
  }
  await prisma.score.createMany({ data: scores.map((s) => ({ responseId: s.responseId, value: s.value, source: s.source ?? "IMPORTED", name: s.name ?? "pm_score" })) });
  return { dataset, p0, p1 };
}
