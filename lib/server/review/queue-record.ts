import "server-only";
import { storedCriteriaSchema, type StoredCriteria } from "@/lib/schemas/review";
import { prisma } from "../db";
import { NotFoundError } from "../errors";

// A review queue as the services use it: its row with the criteria read back through the schema
// that wrote them, so a queue whose stored criteria no longer parse fails loudly, not silently empty.

export interface QueueRecord {
  id: number;
  name: string;
  datasetId: number;
  labelRunId: number | null;
  criteria: StoredCriteria;
  reviewersPerItem: number;
  blindByDefault: boolean;
  /** null: sides are not drawn, A is shown first */
  sideSeed: string | null;
  adjudicationThreshold: number | null;
  createdById: string | null;
  createdAt: Date;
  archivedAt: Date | null;
}

export const QUEUE_SELECT = {
  id: true,
  name: true,
  datasetId: true,
  labelRunId: true,
  criteria: true,
  reviewersPerItem: true,
  blindByDefault: true,
  sideSeed: true,
  adjudicationThreshold: true,
  createdById: true,
  createdAt: true,
  archivedAt: true,
} as const;

export function toQueueRecord(row: Omit<QueueRecord, "criteria"> & { criteria: unknown }): QueueRecord {
  return { ...row, criteria: parseCriteria(row.id, row.criteria) };
}

export function parseCriteria(queueId: number, stored: unknown): StoredCriteria {
  const criteria = storedCriteriaSchema.safeParse(stored);
  if (!criteria.success) throw new Error(`review queue ${queueId} has criteria that do not parse: ${criteria.error.message}`);
  return criteria.data;
}

export async function findQueue(id: number): Promise<QueueRecord> {
  const row = await prisma.reviewQueue.findUnique({ where: { id }, select: QUEUE_SELECT });
  if (!row) throw new NotFoundError(`there is no review queue ${id}`);
  return toQueueRecord(row);
}
