import "server-only";
import { describeCriteria, publicCriteria, type Criteria } from "@/lib/schemas/review";
import { prisma } from "../db";
import type { QueueRecord } from "./queue-record";

// What the review screen says about its queue: name, what it selects, N, blind or not, open or archived.

export interface PublicQueue {
  id: number;
  name: string;
  criteria: Criteria;
  description: string;
  labelRun: { id: number; name: string } | null;
  reviewersPerItem: number;
  blindByDefault: boolean;
  sidesRandomised: boolean;
  archived: boolean;
}

export async function publicQueue(queue: QueueRecord): Promise<PublicQueue> {
  const labelRun = queue.labelRunId === null ? null : await prisma.run.findUnique({ where: { id: queue.labelRunId }, select: { id: true, name: true } });
  const criteria = publicCriteria(queue.criteria);
  return {
    id: queue.id,
    name: queue.name,
    criteria,
    description: describeCriteria(criteria),
    labelRun,
    reviewersPerItem: queue.reviewersPerItem,
    blindByDefault: queue.blindByDefault,
    sidesRandomised: queue.sideSeed !== null,
    archived: queue.archivedAt !== null,
  };
}
