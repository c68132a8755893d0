import { experimentConfigSchema } from "@/lib/schemas/experiments";
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/server/db";
import { createDataset, createPrompts } from "../factories";
import { fixtureConstitution } from "../runs/harness";

// A constitution experiment written straight into its tables with the numbers each test chooses,
// independent of the code that creates and runs experiments: a dataset of its own, one SL-CAI run
// per arm with one chain per prompt, the cross-arm pairs (ARMS comparisons, arm X as response A)
// with the judging run's verdicts, and optionally scores of a scoring run on every chain answer and
// CHAIN pairs of each revision with the answer before it, judged by the same judging run.

export interface ArmAnswers {
  initial: string;
  /** the steps in order; principle is an index into the fixture constitution's principles */
  steps: { principle: number; text: string }[];
}

export interface ExperimentSpec {
  prompts: number;
  arms: { name: string; answer: (prompt: number) => ArmAnswers }[];
  /** P(arm X's final answer is better) for the pair (X, Y) of arm positions x < y; null: no verdict */
  verdict: (x: number, y: number, prompt: number) => number | null;
  /** score of arm's answer at version v (0 initial, k revision k); null: unscored. No function: no scoring run */
  score?: (arm: number, prompt: number, version: number) => number | null;
  /** P(revision k is better than the answer before it); null: not judged. No function: revisions not judged */
  revisionVerdict?: (arm: number, prompt: number, step: number) => number | null;
  seed?: number;
}

export interface ExperimentWorld {
  experimentId: number;
  datasetId: number;
  promptIds: number[];
  principleIds: number[];
  judgeRunId: number;
  scoreRunId: number | null;
  arms: { id: number; name: string; runId: number; chainIds: number[] }[];
  /** comparisons of the pair (x, y), per prompt */
  pairs: Map<string, number[]>;
  /** CHAIN comparisons per arm position and principle index */
  revisionPairs: { arm: number; principle: number; comparisonId: number }[];
}

export const pairKey = (x: number, y: number) => `${x}-${y}`;

export async function experimentWorld(spec: ExperimentSpec): Promise<ExperimentWorld> {
  const dataset = await createDataset("experiment");
  const promptIds = await createPrompts(
    dataset.id,
    Array.from({ length: spec.prompts }, (_, i) => ({ text: `Experiment prompt #${i}` })),
  );
  const { versionId, principleIds } = await fixtureConstitution();
  const tag = randomUUID().slice(0, 8);
  // the config as the studio stores it; the report reads only judge.revisions of it
  const endpoint = await prisma.modelEndpoint.create({ data: { name: `experiment-model-${tag}`, kind: "OPENAI_COMPATIBLE", baseUrl: "http://127.0.0.1:9/v1", model: "fixture" } });
  const config = experimentConfigSchema.parse({
    name: `experiment-${tag}`,
    datasetId: dataset.id,
    seed: spec.seed ?? 7,
    prompts: { kind: "all" },
    arms: spec.arms.map((arm) => ({ name: arm.name, endpointId: endpoint.id, constitutionVersionId: versionId })),
    judge: { endpointId: endpoint.id, constitutionVersionId: versionId, revisions: spec.revisionVerdict !== undefined },
  });
  const judgeRun = await prisma.run.create({ data: { kind: "LABEL", name: `judge-${tag}`, status: "SUCCEEDED", datasetId: dataset.id } });
  const scoreRun = spec.score ? await prisma.run.create({ data: { kind: "SCORE", name: `score-${tag}`, status: "SUCCEEDED", datasetId: dataset.id, config: { scoreName: "pm" } } }) : null;
  const experiment = await prisma.experiment.create({
    data: {
      name: config.name,
      datasetId: dataset.id,
      seed: config.seed,
      config,
      judgeRunId: judgeRun.id,
      scoreRunId: scoreRun?.id ?? null,
      prompts: { create: promptIds.map((promptId) => ({ promptId })) },
    },
  });

  const arms: ExperimentWorld["arms"] = [];
  // final answer ids per arm position, per prompt
  const finals: number[][] = [];
  const revisionPairs: ExperimentWorld["revisionPairs"] = [];
  for (const [position, armSpec] of spec.arms.entries()) {
    const run = await prisma.run.create({ data: { kind: "SL_CAI", name: `${armSpec.name}-${tag}`, status: "SUCCEEDED", datasetId: dataset.id } });
    const arm = await prisma.experimentArm.create({ data: { experimentId: experiment.id, name: armSpec.name, position, runId: run.id } });
    const chainIds: number[] = [];
    finals.push([]);
    for (const [p, promptId] of promptIds.entries()) {
      const answers = armSpec.answer(p);
      const versions = await prisma.response.createManyAndReturn({
        data: [answers.initial, ...answers.steps.map((s) => s.text)].map((text, v) => ({ promptId, text, origin: v === 0 ? ("INITIAL" as const) : ("REVISION" as const), runId: run.id })),
        select: { id: true },
      });
      const ids = versions.map((v) => v.id).sort((a, b) => a - b);
      const chain = await prisma.chain.create({ data: { promptId, initialResponseId: ids[0], runId: run.id } });
      await prisma.chainStep.createMany({
        data: answers.steps.map((step, k) => ({ chainId: chain.id, index: k + 1, principleId: principleIds[step.principle], critique: "critique", revisionId: ids[k + 1] })),
      });
      chainIds.push(chain.id);
      finals[position].push(ids.at(-1)!);
      if (scoreRun && spec.score) {
        const scores = ids.flatMap((responseId, v) => {
          const value = spec.score!(position, p, v);
          return value === null ? [] : [{ responseId, source: "ENDPOINT" as const, name: "pm", value, runId: scoreRun.id }];
        });
        await prisma.score.createMany({ data: scores });
      }
      if (spec.revisionVerdict) {
        for (const [k, step] of answers.steps.entries()) {
          const pRevision = spec.revisionVerdict(position, p, k + 1);
          if (pRevision === null) continue;
          // both ways round, as the pair maker's hash would put them: the revision as A on odd prompts
          const revisionFirst = p % 2 === 1;
          const [a, b] = revisionFirst ? [ids[k + 1], ids[k]] : [ids[k], ids[k + 1]];
          const comparison = await prisma.comparison.create({ data: { promptId, responseAId: a, responseBId: b, source: "CHAIN" } });
          await verdict(comparison.id, judgeRun.id, revisionFirst ? pRevision : 1 - pRevision);
          revisionPairs.push({ arm: position, principle: step.principle, comparisonId: comparison.id });
        }
      }
    }
    arms.push({ id: arm.id, name: armSpec.name, runId: run.id, chainIds });
  }

  const pairs = new Map<string, number[]>();
  for (let x = 0; x < arms.length; x++) {
    for (let y = x + 1; y < arms.length; y++) {
      const ids: number[] = [];
      for (const [p, promptId] of promptIds.entries()) {
        const comparison = await prisma.comparison.create({ data: { promptId, responseAId: finals[x][p], responseBId: finals[y][p], source: "ARMS", runId: judgeRun.id } });
        await prisma.experimentPair.create({ data: { experimentId: experiment.id, comparisonId: comparison.id, armXId: arms[x].id, armYId: arms[y].id, promptId } });
        const pA = spec.verdict(x, y, p);
        if (pA !== null) await verdict(comparison.id, judgeRun.id, pA);
        ids.push(comparison.id);
      }
      pairs.set(pairKey(x, y), ids);
    }
  }
  return { experimentId: experiment.id, datasetId: dataset.id, promptIds, principleIds, judgeRunId: judgeRun.id, scoreRunId: scoreRun?.id ?? null, arms, pairs, revisionPairs };
}

async function verdict(comparisonId: number, runId: number, pA: number) {
  await prisma.aiVerdict.create({ data: { comparisonId, runId, pA, pAUsed: pA, flips: 0, spread: 0, principles: 1, method: "LOGPROBS", chainOfThought: false } });
}
