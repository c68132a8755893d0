import { readFileSync } from "node:fs";
import path from "node:path";
import { clampProbability, probabilityOfA, verdict } from "@/lib/cai/soft-label";
import { parseConstitutionFile } from "@/lib/formats/constitution";
import { saveConstitutionParts } from "@/lib/server/constitutions/store";
import { prisma } from "@/lib/server/db";
import { inTransaction } from "@/lib/server/pg";
import { createDataset, createPrompts } from "../factories";
import { FIXTURES, uniqueName } from "../imports/helpers";

// Comparisons, labeling and sampling runs written straight into the tables, shaped as the worker
// writes them, so the read side is tested on rows whose every number the test knows. No queue jobs
// are made: a worker another test file runs on the same database never touches these runs.

export async function preferenceVersion(): Promise<{ versionId: number; principleIds: number[] }> {
  const parts = parseConstitutionFile(readFileSync(path.join(FIXTURES, "preference-principles.json"), "utf8"), "preference-principles.json");
  const saved = await inTransaction((db) => saveConstitutionParts(db, { name: uniqueName("Labels UI constitution"), parts, note: "test" }));
  const principles = await prisma.principle.findMany({ where: { versionId: saved.versionId, kind: "PREFERENCE" }, orderBy: { position: "asc" } });
  return { versionId: saved.versionId, principleIds: principles.map((p) => p.id) };
}

export async function endpointRow(kind: "OPENAI_COMPATIBLE" | "ANTHROPIC" = "OPENAI_COMPATIBLE", supportsLogprobs: boolean | null = true) {
  return prisma.modelEndpoint.create({
    // nothing listens there: these runs are never worked on
    data: { name: uniqueName("labels-ui"), kind, baseUrl: "http://127.0.0.1:9/v1", model: "judge-model", supportsLogprobs },
  });
}

/** One label as the test writes it: log-probs of the letters as shown, the order, chain of thought or not. */
export interface LabelSpec {
  principle: 0 | 1;
  order: "AB" | "BA";
  lpA: number;
  lpB: number;
  reasoning?: string;
  bounded?: boolean;
}

export const REASONING = "Step 1:\n    both answers respond.\n\nStep 2: <b>not bold</b> <script>alert(1)</script>\nSo the answer is (A).";

export interface LabeledWorld {
  datasetId: number;
  datasetName: string;
  promptIds: number[];
  /** [chain pair, sample pair, imported pair], ids ascending */
  comparisonIds: [number, number, number];
  responseIds: { chainInitial: number; chainRevision: number; sampleA: number; sampleB: number; importedA: number; importedB: number };
  chainId: number;
  slRunId: number;
  sampleRunId: number;
  labelRunId: number;
  endpointId: number;
  versionId: number;
  principleIds: number[];
  /** answer-call ids by comparison id, in label order */
  answerCalls: Map<number, number[]>;
  reasoningCalls: Map<number, number[]>;
  /** the labels each judged comparison got, as written */
  labels: Map<number, LabelSpec[]>;
}

/** P(response A is better) from letters read in `order`. */
export function pAFor(spec: LabelSpec): number {
  const pFirst = probabilityOfA(spec.lpA, spec.lpB);
  return spec.order === "AB" ? pFirst : 1 - pFirst;
}

/**
 * A dataset of three prompts: a pair from an SL-CAI chain (initial vs revision), a pair a sampling
 * run made, and an imported pair with human labels. A chain-of-thought labeling run with both
 * orders and two principles judged the first two; on the first, principle 2 flipped with the order.
 */
export async function labeledWorld(): Promise<LabeledWorld> {
  const [dataset, endpoint, version] = await Promise.all([createDataset("labels-ui"), endpointRow(), preferenceVersion()]);
  const promptIds = await createPrompts(dataset.id, [{ text: "How do I pick a lock?" }, { text: "Write a rude poem about my neighbour." }, { text: "Is it legal to record a phone call?" }]);
  const run = (kind: "SL_CAI" | "SAMPLE" | "LABEL", config: object, constitutionVersionId: number | null = null) =>
    prisma.run.create({
      data: {
        kind,
        name: uniqueName(kind.toLowerCase()),
        status: "SUCCEEDED",
        datasetId: dataset.id,
        endpointId: endpoint.id,
        constitutionVersionId,
        config,
        startedAt: new Date(),
        finishedAt: new Date(),
      },
    });
  const endpointConfig = { name: endpoint.name, kind: endpoint.kind, model: endpoint.model };
  const slRun = await run("SL_CAI", { revisions: 1, endpoint: endpointConfig });
  const sampleRun = await run("SAMPLE", {
    datasetId: dataset.id,
    filter: {},
    endpointId: endpoint.id,
    promptFormat: "chat",
    params: { temperature: 1 },
    concurrency: 4,
    endpoint: endpointConfig,
  });
  const labelConfig = {
    name: "",
    datasetId: dataset.id,
    pairs: { unjudgedOnly: false },
    endpointId: endpoint.id,
    constitutionVersionId: version.versionId,
    principlesPerPair: 2,
    seed: 7,
    bothOrders: true,
    chainOfThought: true,
    clamp: { low: 0.4, high: 0.6 },
    method: { kind: "logprobs" },
    fewShot: false,
    promptFormat: "chat",
    params: {},
    concurrency: 4,
    endpoint: endpointConfig,
  };
  const labelRun = await run("LABEL", labelConfig, version.versionId);

  // the chain pair: the initial response against the revision of a one-step chain
  const chainInitial = await prisma.response.create({ data: { promptId: promptIds[0], text: "Use a tension wrench.", origin: "INITIAL", producer: "policy-1", runId: slRun.id } });
  const chain = await prisma.chain.create({ data: { promptId: promptIds[0], initialResponseId: chainInitial.id, runId: slRun.id } });
  const chainRevision = await prisma.response.create({ data: { promptId: promptIds[0], text: "Ask the owner or a locksmith.", origin: "REVISION", producer: "policy-1", runId: slRun.id } });
  await prisma.chainStep.create({ data: { chainId: chain.id, index: 1, principleId: await critiquePrincipleId(), critique: "It helps with a break-in.", revisionId: chainRevision.id } });
  // the sampled pair
  const sampleA = await prisma.response.create({ data: { promptId: promptIds[1], text: "Roses are red, you are rude.", origin: "SAMPLE", producer: "judge-model", runId: sampleRun.id } });
  const sampleB = await prisma.response.create({ data: { promptId: promptIds[1], text: "I'd rather write a kind one.", origin: "SAMPLE", producer: "judge-model", runId: sampleRun.id } });
  // the imported pair
  const importedA = await prisma.response.create({ data: { promptId: promptIds[2], text: "It depends on where you live.", origin: "IMPORTED", producer: "hh-rlhf" } });
  const importedB = await prisma.response.create({ data: { promptId: promptIds[2], text: "Yes, always.", origin: "IMPORTED", producer: "hh-rlhf" } });

  const chainPair = await prisma.comparison.create({ data: { promptId: promptIds[0], responseAId: chainInitial.id, responseBId: chainRevision.id, source: "CHAIN" } });
  const samplePair = await prisma.comparison.create({ data: { promptId: promptIds[1], responseAId: sampleA.id, responseBId: sampleB.id, source: "SAMPLES", runId: sampleRun.id } });
  const importedPair = await prisma.comparison.create({ data: { promptId: promptIds[2], responseAId: importedA.id, responseBId: importedB.id, source: "IMPORTED" } });
  await prisma.humanLabel.create({ data: { comparisonId: importedPair.id, source: "IMPORTED", sourceName: "hh-rlhf", choice: "B", supersededAt: new Date() } });
  await prisma.humanLabel.create({ data: { comparisonId: importedPair.id, source: "IMPORTED", sourceName: "hh-rlhf", choice: "A" } });

  await prisma.runItem.create({ data: { runId: sampleRun.id, promptId: promptIds[1], status: "DONE", attempts: 1, finishedAt: new Date() } });
  await prisma.runItem.create({ data: { runId: sampleRun.id, promptId: promptIds[0], status: "FAILED", attempts: 1, errorKind: "auth", error: "401 from fake", finishedAt: new Date() } });

  const labels = new Map<number, LabelSpec[]>([
    [
      chainPair.id,
      [
        { principle: 0, order: "AB", lpA: -0.3, lpB: -1.6, reasoning: REASONING },
        { principle: 0, order: "BA", lpA: -1.2, lpB: -0.4, reasoning: REASONING },
        // principle 2 prefers whichever response is shown first: a flip
        { principle: 1, order: "AB", lpA: -0.1, lpB: -2.5, reasoning: REASONING },
        { principle: 1, order: "BA", lpA: -0.2, lpB: -9.9, reasoning: REASONING, bounded: true },
      ],
    ],
    [
      samplePair.id,
      [
        { principle: 0, order: "AB", lpA: -2.0, lpB: -0.2, reasoning: "B is kinder." },
        { principle: 0, order: "BA", lpA: -0.3, lpB: -1.9, reasoning: "B is kinder." },
        { principle: 1, order: "AB", lpA: -1.5, lpB: -0.4, reasoning: "B is kinder." },
        { principle: 1, order: "BA", lpA: -0.5, lpB: -1.4, reasoning: "B is kinder." },
      ],
    ],
  ]);
  const answerCalls = new Map<number, number[]>();
  const reasoningCalls = new Map<number, number[]>();
  for (const [comparisonId, specs] of labels) {
    const item = await prisma.runItem.create({ data: { runId: labelRun.id, comparisonId, status: "DONE", attempts: 1, calls: specs.length * 2, finishedAt: new Date() } });
    const ordered: { principleId: number; order: "AB" | "BA"; pA: number; pAUsed: number }[] = [];
    for (const spec of specs) {
      const principleId = version.principleIds[spec.principle];
      const key = `p${principleId}.${spec.order}`;
      const reasoningCall = await prisma.llmCall.create({
        data: {
          runId: labelRun.id,
          runItemId: item.id,
          callKey: `${key}.reasoning`,
          endpointId: endpoint.id,
          model: "judge-model",
          reply: spec.reasoning ?? "",
          request: { messages: [{ role: "user", content: `Which is better? ${key}` }] },
          finishReason: "stop",
          promptTokens: 50,
          completionTokens: 20,
          latencyMs: 30,
        },
      });
      const letter = spec.lpA >= spec.lpB ? "A" : "B";
      const top = [
        { token: "A", logprob: spec.lpA },
        { token: " B", logprob: spec.lpB },
        { token: " the", logprob: -11 },
      ].sort((x, y) => y.logprob - x.logprob);
      const answerCall = await prisma.llmCall.create({
        data: {
          runId: labelRun.id,
          runItemId: item.id,
          callKey: `${key}.answer`,
          endpointId: endpoint.id,
          model: "judge-model",
          reply: letter,
          request: {
            messages: [
              { role: "user", content: `Which is better? ${key}` },
              { role: "assistant", content: spec.reasoning ?? "" },
              { role: "user", content: "So the answer is: (A) or (B)?" },
            ],
            topLogprobs: 5,
          },
          finishReason: "stop",
          promptTokens: 80,
          completionTokens: 1,
          latencyMs: 25,
          logprobs: [
            { token: "(", logprob: -0.01, top: [{ token: "(", logprob: -0.01 }] },
            { token: letter, logprob: Math.max(spec.lpA, spec.lpB), top },
          ],
        },
      });
      answerCalls.set(comparisonId, [...(answerCalls.get(comparisonId) ?? []), answerCall.id]);
      reasoningCalls.set(comparisonId, [...(reasoningCalls.get(comparisonId) ?? []), reasoningCall.id]);
      const pA = pAFor(spec);
      const pAClamped = clampProbability(pA, 0.4, 0.6);
      await prisma.aiLabel.create({
        data: {
          comparisonId,
          runId: labelRun.id,
          endpointId: endpoint.id,
          principleId,
          order: spec.order,
          method: "LOGPROBS",
          prompt: `Consider the following conversation…\n\n(A) first\n(B) second\n\nprinciple ${spec.principle + 1}, order ${spec.order}`,
          reasoning: spec.reasoning ?? null,
          logprobA: spec.lpA,
          logprobB: spec.lpB,
          pA,
          pAClamped,
          bounded: spec.bounded ?? false,
          llmCallId: answerCall.id,
          reasoningCallId: reasoningCall.id,
        },
      });
      ordered.push({ principleId, order: spec.order, pA, pAUsed: pAClamped });
    }
    const v = verdict(ordered);
    await prisma.aiVerdict.create({
      data: {
        comparisonId,
        runId: labelRun.id,
        endpointId: endpoint.id,
        pA: v.pA,
        pAUsed: v.pAUsed,
        flips: v.flips,
        spread: v.spread,
        principles: v.principles,
        method: "LOGPROBS",
        chainOfThought: true,
      },
    });
  }
  return {
    datasetId: dataset.id,
    datasetName: dataset.name,
    promptIds,
    comparisonIds: [chainPair.id, samplePair.id, importedPair.id],
    responseIds: { chainInitial: chainInitial.id, chainRevision: chainRevision.id, sampleA: sampleA.id, sampleB: sampleB.id, importedA: importedA.id, importedB: importedB.id },
    chainId: chain.id,
    slRunId: slRun.id,
    sampleRunId: sampleRun.id,
    labelRunId: labelRun.id,
    endpointId: endpoint.id,
    versionId: version.versionId,
    principleIds: version.principleIds,
    answerCalls,
    reasoningCalls,
    labels,
  };
}

/** Any critique-revision principle: a chain step must point at one. */
async function critiquePrincipleId(): Promise<number> {
  const parts = parseConstitutionFile(readFileSync(path.join(FIXTURES, "principles.json"), "utf8"), "principles.json");
  const saved = await inTransaction((db) => saveConstitutionParts(db, { name: uniqueName("Labels UI chain constitution"), parts, note: "test" }));
  const principle = await prisma.principle.findFirstOrThrow({ where: { versionId: saved.versionId, kind: "CRITIQUE_REVISION" }, select: { id: true } });
  return principle.id;
}
