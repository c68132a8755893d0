import "server-only";
import { isFlip, mean } from "@/lib/cai/soft-label";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordedFields } from "@/lib/schemas/run-config";
import { readTurns } from "@/lib/server/prompts/turns";
import { prisma } from "../db";
import { neighbours, type Scope } from "./neighbours";

// One comparison for the comparison viewer: the conversation, responses A and B with where each
// came from, every labeling run's judgment of it (the verdict, then each principle's labels in the
// two orders), the human labels, and its neighbours within a labeling run or its dataset for j/k.
// Every probability is P(the comparison's response A is better), whatever order it was shown in.

const RESPONSE_SELECT = {
  id: true,
  text: true,
  origin: true,
  producer: true,
  importId: true,
  createdAt: true,
  run: { select: { id: true, name: true, kind: true } },
  initialOf: { orderBy: { id: "asc" }, take: 1, select: { id: true, runId: true, _count: { select: { steps: true } } } },
  revisionOf: { select: { index: true, chain: { select: { id: true, runId: true, _count: { select: { steps: true } } } } } },
  scores: { orderBy: { id: "asc" }, select: { id: true, name: true, value: true, source: true } },
} satisfies Prisma.ResponseSelect;

const LABEL_SELECT = {
  id: true,
  runId: true,
  order: true,
  method: true,
  prompt: true,
  reasoning: true,
  logprobA: true,
  logprobB: true,
  samples: true,
  pA: true,
  pAClamped: true,
  bounded: true,
  llmCallId: true,
  reasoningCallId: true,
  createdAt: true,
  endpoint: { select: { id: true, name: true, model: true } },
  principle: { select: { id: true, key: true, text: true, versionId: true, position: true } },
} as const;

export async function findComparisonView(id: number, scope: { run?: number } = {}) {
  const comparison = await prisma.comparison.findUnique({
    where: { id },
    select: {
      id: true,
      source: true,
      importId: true,
      createdAt: true,
      prompt: { select: { id: true, turns: true, datasetId: true, dataset: { select: { id: true, name: true } } } },
      run: { select: { id: true, name: true, kind: true, status: true } },
      responseA: { select: RESPONSE_SELECT },
      responseB: { select: RESPONSE_SELECT },
      aiLabels: { orderBy: { id: "asc" }, select: LABEL_SELECT },
      aiVerdicts: {
        orderBy: { id: "desc" },
        select: { runId: true, pA: true, pAUsed: true, flips: true, spread: true, principles: true, method: true, chainOfThought: true, createdAt: true },
      },
      humanLabels: {
        orderBy: { id: "asc" },
        select: { id: true, choice: true, source: true, sourceName: true, note: true, supersededAt: true, createdAt: true, user: { select: { name: true, email: true } } },
      },
    },
  });
  if (!comparison) return null;

  const runIds = [...new Set([...comparison.aiLabels.map((l) => l.runId), ...comparison.aiVerdicts.map((v) => v.runId)].filter((r): r is number => r !== null))];
  const importIds = [comparison.importId, comparison.responseA.importId, comparison.responseB.importId].filter((i): i is number => i !== null);
  const [runs, imports, scopeRun] = await Promise.all([
    prisma.run.findMany({ where: { id: { in: runIds } }, select: { id: true, name: true, status: true, kind: true, config: true, createdAt: true } }),
    importIds.length > 0 ? prisma.import.findMany({ where: { id: { in: importIds } }, select: { id: true, fileName: true } }) : [],
    scope.run === undefined ? null : prisma.run.findUnique({ where: { id: scope.run }, select: { id: true, name: true, kind: true } }),
  ]);
  const importById = new Map(imports.map((i) => [i.id, i]));
  const walk = await chooseScope(comparison.id, comparison.prompt, scopeRun);
  const around = await neighbours(walk, comparison.id);

  return {
    id: comparison.id,
    source: comparison.source,
    createdAt: comparison.createdAt.toISOString(),
    prompt: { id: comparison.prompt.id, dataset: comparison.prompt.dataset, turns: readTurns(comparison.prompt.turns) },
    /** the sampling run that made the pair, if one did */
    run: comparison.run,
    import: comparison.importId === null ? null : (importById.get(comparison.importId) ?? null),
    responses: { A: responseView(comparison.responseA, importById), B: responseView(comparison.responseB, importById) },
    judgments: judgments(comparison.aiLabels, comparison.aiVerdicts, runs),
    humanLabels: comparison.humanLabels.map((h) => ({ ...h, createdAt: h.createdAt.toISOString(), supersededAt: h.supersededAt?.toISOString() ?? null })),
    scope: walk.kind === "run" ? { kind: "run" as const, run: walk.run } : { kind: "dataset" as const, dataset: comparison.prompt.dataset },
    previousId: around.previous,
    nextId: around.next,
  };
}

export type ComparisonViewData = NonNullable<Awaited<ReturnType<typeof findComparisonView>>>;
export type ResponseView = ComparisonViewData["responses"]["A"];
export type JudgmentView = ComparisonViewData["judgments"][number];
export type PrincipleJudgment = JudgmentView["principles"][number];
export type LabelView = PrincipleJudgment["orders"][number];

/** A labeling or sampling run that covers the comparison is walked; anything else walks the dataset. */
async function chooseScope(comparisonId: number, prompt: { id: number; datasetId: number }, run: { id: number; name: string; kind: string } | null): Promise<Scope> {
  if (run?.kind === "LABEL") {
    const item = await prisma.runItem.findUnique({ where: { runId_comparisonId: { runId: run.id, comparisonId } }, select: { id: true } });
    if (item) return { kind: "run", run: { id: run.id, name: run.name, kind: "LABEL" } };
  }
  if (run?.kind === "SAMPLE") {
    const made = await prisma.comparison.count({ where: { id: comparisonId, runId: run.id } });
    if (made > 0) return { kind: "run", run: { id: run.id, name: run.name, kind: "SAMPLE" } };
  }
  return { kind: "dataset", datasetId: prompt.datasetId, promptId: prompt.id };
}

type RawResponse = Prisma.ResponseGetPayload<{ select: typeof RESPONSE_SELECT }>;

function responseView(response: RawResponse, imports: Map<number, { id: number; fileName: string }>) {
  const initial = response.initialOf[0];
  const chain = response.revisionOf
    ? { id: response.revisionOf.chain.id, runId: response.revisionOf.chain.runId, step: response.revisionOf.index, steps: response.revisionOf.chain._count.steps }
    : initial
      ? { id: initial.id, runId: initial.runId, step: 0, steps: initial._count.steps }
      : null;
  return {
    id: response.id,
    text: response.text,
    origin: response.origin,
    producer: response.producer,
    createdAt: response.createdAt.toISOString(),
    run: response.run,
    import: response.importId === null ? null : (imports.get(response.importId) ?? null),
    /** the chain it belongs to: step 0 is the initial response, step k the k-th revision */
    chain,
    scores: response.scores,
  };
}

type RawLabel = {
  id: number;
  runId: number | null;
  order: "AB" | "BA";
  method: "LOGPROBS" | "SAMPLED" | "STATED";
  prompt: string;
  reasoning: string | null;
  logprobA: number | null;
  logprobB: number | null;
  samples: number | null;
  pA: number;
  pAClamped: number | null;
  bounded: boolean;
  llmCallId: number | null;
  reasoningCallId: number | null;
  createdAt: Date;
  endpoint: { id: number; name: string; model: string } | null;
  principle: { id: number; key: string; text: string | null; versionId: number; position: number } | null;
};
type RawVerdict = {
  runId: number;
  pA: number;
  pAUsed: number;
  flips: number;
  spread: number;
  principles: number;
  method: "LOGPROBS" | "SAMPLED" | "STATED";
  chainOfThought: boolean;
  createdAt: Date;
};
type RawRun = { id: number; name: string; status: string; kind: string; config: unknown; createdAt: Date };

/** One entry per labeling run (newest first), its labels grouped by principle, AB before BA. */
function judgments(labels: RawLabel[], verdicts: RawVerdict[], runs: RawRun[]) {
  const runIds = [...new Set([...verdicts.map((v) => v.runId), ...labels.map((l) => l.runId)])].sort((a, b) => (b ?? 0) - (a ?? 0));
  return runIds.map((runId) => {
    const run = runs.find((r) => r.id === runId) ?? null;
    const config = run ? recordedFields("LABEL", run.config) : null;
    const own = labels.filter((l) => l.runId === runId);
    const verdict = verdicts.find((v) => v.runId === runId) ?? null;
    const byPrinciple = new Map<number | null, RawLabel[]>();
    for (const label of own) byPrinciple.set(label.principle?.id ?? null, [...(byPrinciple.get(label.principle?.id ?? null) ?? []), label]);
    const principles = [...byPrinciple.values()]
      .map((group) => {
        const orders = group.toSorted((a, b) => (a.order === b.order ? a.id - b.id : a.order === "AB" ? -1 : 1)).map(labelView);
        const ab = orders.find((l) => l.order === "AB");
        const ba = orders.find((l) => l.order === "BA");
        return {
          principle: group[0].principle,
          /** P(A) averaged over the orders judged, raw and as used (clamped) */
          pA: mean(orders.map((l) => l.pA)),
          pAUsed: mean(orders.map((l) => l.pAClamped ?? l.pA)),
          /** null when only one order was judged: nothing to disagree with */
          flip: ab && ba ? isFlip(ab.pA, ba.pA) : null,
          orders,
        };
      })
      .sort((a, b) => (a.principle?.position ?? 0) - (b.principle?.position ?? 0));
    const endpoint = own.find((l) => l.endpoint)?.endpoint ?? null;
    return {
      run: run && { id: run.id, name: run.name, status: run.status, kind: run.kind, createdAt: run.createdAt.toISOString() },
      endpoint: endpoint ?? (config?.endpoint ? { id: null, name: config.endpoint.name, model: config.endpoint.model } : null),
      settings: config
        ? {
            method: config.method ?? null,
            chainOfThought: config.chainOfThought ?? null,
            bothOrders: config.bothOrders ?? null,
            clamp: config.clamp ?? null,
            principlesPerPair: config.principlesPerPair ?? null,
            fewShot: config.fewShot ?? null,
            promptFormat: config.promptFormat ?? null,
          }
        : null,
      verdict: verdict && { ...verdict, createdAt: verdict.createdAt.toISOString() },
      labels: own.length,
      principles,
    };
  });
}

function labelView(label: RawLabel) {
  const { endpoint: _endpoint, principle: _principle, createdAt, ...rest } = label;
  return {
    ...rest,
    /** P(option (A), the response shown first): what the letters' log-probs say before un-swapping */
    pFirst: label.order === "AB" ? label.pA : 1 - label.pA,
    createdAt: createdAt.toISOString(),
  };
}
