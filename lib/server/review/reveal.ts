import "server-only";
import type { ItemFilter } from "@/lib/schemas/review";
import { recordAudit } from "../audit/record";
import { prisma } from "../db";
import { ConflictError, NotFoundError } from "../errors";
import { reviewItem, type ReviewItemView } from "./item-view";
import { inQueue } from "./progress";
import { findQueue } from "./queue-record";

// "Show AI judgment" in a blind queue: the server records that it showed this reviewer the AI's
// judgment of this item (once; the first time counts) and the audit trail says so, then sends the
// item with the judgment. An answer given after it is recorded as having seen it (blind.ts).

export async function revealItem(queueId: number, comparisonId: number, userId: string, walk: ItemFilter): Promise<ReviewItemView> {
  const queue = await findQueue(queueId);
  if (queue.archivedAt !== null) throw new ConflictError(`review queue "${queue.name}" is archived: it takes no more answers`);
  if (!(await inQueue(queue, comparisonId))) throw new NotFoundError(`comparison ${comparisonId} is not in review queue ${queue.id}`);
  await prisma.$transaction(async (tx) => {
    const created = await tx.reviewReveal.createManyAndReturn({ data: [{ queueId, comparisonId, userId }], skipDuplicates: true, select: { id: true, createdAt: true } });
    if (created.length > 0) {
      await recordAudit(tx, { userId, action: "label.reveal", entityType: "comparison", entityId: comparisonId, after: { queueId, revealedAt: created[0].createdAt.toISOString() } });
    }
  });
  return reviewItem(queueId, comparisonId, { userId, canAnswer: true }, walk);
}
