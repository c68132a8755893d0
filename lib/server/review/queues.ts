import "server-only";
import { sql } from "kysely";
import { randomBytes } from "node:crypto";
import type { Prisma as PrismaTypes } from "@/lib/generated/prisma/client";
import { publicCriteria, type CreateQueueRequest, type QueuePreview, type QueueSummary, type StoredCriteria } from "@/lib/schemas/review";
import { recordAudit } from "../audit/record";
import { db, prisma } from "../db";
import { NotFoundError, UserError } from "../errors";
import { queueItemsSql } from "./criteria";
import { queueProgress } from "./progress";
import { findQueue, QUEUE_SELECT, toQueueRecord, type QueueRecord } from "./queue-record";

// Making, listing and archiving review queues. A queue over a labeling run belongs to the run's
// dataset; one over a dataset's pairs alone can only spot-check them or take them all. Archiving
// closes a queue to answers; its items and answers stay readable.

export async function createQueue(input: CreateQueueRequest, userId: string): Promise<QueueSummary> {
  const datasetId = input.labelRunId !== undefined ? await labelRunDataset(input.labelRunId) : await existingDataset(input.datasetId!);
  const source = { labelRunId: input.labelRunId ?? null, datasetId, criteria: input.criteria as StoredCriteria };
  const criteria: StoredCriteria = input.criteria.kind === "spot-check" ? { ...input.criteria, drawn: await drawSample(source) } : input.criteria;
  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.reviewQueue.create({
      data: {
        name: input.name,
        datasetId,
        labelRunId: input.labelRunId ?? null,
        criteria: criteria as PrismaTypes.InputJsonValue,
        reviewersPerItem: input.reviewersPerItem,
        blindByDefault: input.blindByDefault,
        // recorded, so anyone can replay which side each reviewer saw first
        sideSeed: input.randomiseSides ? randomBytes(12).toString("hex") : null,
        adjudicationThreshold: input.adjudicationThreshold,
        createdById: userId,
      },
      select: QUEUE_SELECT,
    });
    await recordAudit(tx, {
      userId,
      action: "queue.create",
      entityType: "reviewQueue",
      entityId: row.id,
      after: {
        name: row.name,
        labelRunId: row.labelRunId,
        datasetId,
        criteria: publicCriteria(criteria),
        reviewersPerItem: row.reviewersPerItem,
        blindByDefault: row.blindByDefault,
        sideSeed: row.sideSeed,
        adjudicationThreshold: row.adjudicationThreshold,
      },
    });
    return row;
  });
  return summarize(toQueueRecord(created), userId);
}

/** How many pairs a queue made from this input would hold now, without making it. */
export async function previewQueue(input: CreateQueueRequest): Promise<QueuePreview> {
  const datasetId = input.labelRunId !== undefined ? await labelRunDataset(input.labelRunId) : await existingDataset(input.datasetId!);
  const source = { labelRunId: input.labelRunId ?? null, datasetId, criteria: input.criteria as StoredCriteria };
  const {
    rows: [row],
  } = await sql<{ items: number }>`SELECT count(*)::int AS items FROM (${queueItemsSql(source)}) i`.execute(db);
  return { items: row.items, answers: row.items * input.reviewersPerItem };
}

export async function listQueues(userId: string): Promise<QueueSummary[]> {
  const rows = await prisma.reviewQueue.findMany({ orderBy: { id: "desc" }, take: 500, select: QUEUE_SELECT });
  return Promise.all(rows.map((row) => summarize(toQueueRecord(row), userId)));
}

export async function queueSummary(id: number, userId: string): Promise<QueueSummary> {
  return summarize(await findQueue(id), userId);
}

/** Closes the queue to answers (an archived queue stays readable); archiving twice changes nothing. */
export async function archiveQueue(id: number, userId: string): Promise<QueueSummary> {
  const queue = await findQueue(id);
  if (queue.archivedAt === null) {
    await prisma.$transaction(async (tx) => {
      const archived = await tx.reviewQueue.updateMany({ where: { id, archivedAt: null }, data: { archivedAt: new Date() } });
      if (archived.count > 0) await recordAudit(tx, { userId, action: "queue.archive", entityType: "reviewQueue", entityId: id, before: { archivedAt: null } });
    });
  }
  return queueSummary(id, userId);
}

async function summarize(queue: QueueRecord, userId: string): Promise<QueueSummary> {
  const [names, progress] = await Promise.all([
    prisma.reviewQueue.findUniqueOrThrow({
      where: { id: queue.id },
      select: { labelRun: { select: { id: true, name: true } }, createdBy: { select: { name: true, email: true } } },
    }),
    queueProgress(queue, userId),
  ]);
  const dataset = await prisma.dataset.findUnique({ where: { id: queue.datasetId }, select: { id: true, name: true } });
  return {
    id: queue.id,
    name: queue.name,
    dataset,
    labelRun: names.labelRun,
    criteria: publicCriteria(queue.criteria),
    reviewersPerItem: queue.reviewersPerItem,
    blindByDefault: queue.blindByDefault,
    sidesRandomised: queue.sideSeed !== null,
    adjudicationThreshold: queue.adjudicationThreshold,
    createdBy: names.createdBy,
    createdAt: queue.createdAt.toISOString(),
    archivedAt: queue.archivedAt?.toISOString() ?? null,
    progress,
  };
}

async function labelRunDataset(runId: number): Promise<number> {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { kind: true, datasetId: true, name: true } });
  if (!run) throw NotFoundError.about("labelRunId", `there is no run ${runId}`);
  if (run.kind !== "LABEL") throw UserError.about("labelRunId", `run ${run.name || `#${runId}`} is not a labeling run`);
  if (run.datasetId === null) throw UserError.about("labelRunId", `run ${run.name || `#${runId}`} has lost its dataset`);
  return run.datasetId;
}

async function existingDataset(datasetId: number): Promise<number> {
  const dataset = await prisma.dataset.findUnique({ where: { id: datasetId }, select: { id: true } });
  if (!dataset) throw NotFoundError.about("datasetId", `there is no dataset ${datasetId}`);
  return dataset.id;
}

/** The spot check's sample, drawn once: the first `size` pairs in md5(seed || id) order. */
async function drawSample(source: { labelRunId: number | null; datasetId: number; criteria: StoredCriteria }): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`SELECT i.id FROM (${queueItemsSql(source)}) i ORDER BY i.rank, i.id`.execute(db);
  if (rows.length === 0)
    throw new UserError(source.labelRunId !== null ? "labelRunId: this labeling run has no verdicts to sample yet" : "datasetId: this dataset has no pairs to sample yet");
  return rows.map((row) => row.id);
}
