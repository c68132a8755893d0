import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/auth/roles";
import { createQueueSchema, type CreateQueueInput } from "@/lib/schemas/review";
import { prisma } from "@/lib/server/db";
import { createQueue } from "@/lib/server/review/queues";
import { createDataset, createPrompts } from "../factories";

// A labeling run's verdicts written straight into the tables with the numbers each test chooses,
// one pair per prompt, in a dataset of its own, so each criterion's selection and order can be
// checked against hand-picked values. No labels or queue jobs: the queue reads verdicts only.

export interface VerdictSpec {
  pAUsed: number;
  /** raw P(A); equal to pAUsed unless given */
  pA?: number;
  flips?: number;
  spread?: number;
  chainOfThought?: boolean;
}

export interface VerdictWorld {
  datasetId: number;
  runId: number;
  /** one per spec, in the order given (ids ascending) */
  comparisonIds: number[];
}

export async function verdictWorld(specs: VerdictSpec[]): Promise<VerdictWorld> {
  const dataset = await createDataset("review");
  const promptIds = await createPrompts(
    dataset.id,
    specs.map((_, i) => ({ text: `Which answer is kinder? #${i}` })),
  );
  const run = await prisma.run.create({ data: { kind: "LABEL", name: `review-${randomUUID().slice(0, 6)}`, status: "SUCCEEDED", datasetId: dataset.id, config: { chainOfThought: true } } });
  const comparisonIds: number[] = [];
  for (const [i, spec] of specs.entries()) {
    const [a, b] = await prisma.response.createManyAndReturn({
      data: [
        { promptId: promptIds[i], text: `Answer A of pair ${i}`, origin: "SAMPLE" },
        { promptId: promptIds[i], text: `Answer B of pair ${i}`, origin: "SAMPLE" },
      ],
      select: { id: true },
    });
    const comparison = await prisma.comparison.create({ data: { promptId: promptIds[i], responseAId: a.id, responseBId: b.id, source: "SAMPLES" } });
    await prisma.aiVerdict.create({
      data: {
        comparisonId: comparison.id,
        runId: run.id,
        pA: spec.pA ?? spec.pAUsed,
        pAUsed: spec.pAUsed,
        flips: spec.flips ?? 0,
        spread: spec.spread ?? 0,
        principles: 2,
        method: "LOGPROBS",
        chainOfThought: spec.chainOfThought ?? false,
      },
    });
    comparisonIds.push(comparison.id);
  }
  return { datasetId: dataset.id, runId: run.id, comparisonIds };
}

export async function person(role: Role = "REVIEWER", name = "reviewer") {
  const tag = randomUUID().slice(0, 8);
  return prisma.user.create({ data: { email: `${name}-${tag}@studio.test`, name: `${name} ${tag}`, role }, select: { id: true, email: true, name: true, role: true } });
}

/** A queue made through the service, as the route makes it. */
export async function queueOf(input: Omit<CreateQueueInput, "name"> & { name?: string }, userId: string) {
  return createQueue(createQueueSchema.parse({ name: `queue-${randomUUID().slice(0, 6)}`, ...input }), userId);
}
