import "server-only";
import { sql } from "kysely";
import { adjudicationReasons, type AdjudicationReason } from "@/lib/cai/adjudication";
import type { ResolutionRequest } from "@/lib/schemas/review";
import { recordAudit } from "../audit/record";
import { findComparisonView, type ComparisonViewData } from "../comparisons/detail";
import { db, executeOn, prisma } from "../db";
import { NotFoundError } from "../errors";
import { queueItemsSql } from "./criteria";
import { inQueue } from "./progress";
import { findQueue, type QueueRecord } from "./queue-record";

// Adjudication: the items of a queue whose reviewers disagree (two or more current answers among
// A, B and tie that are not all the same), or, when the queue sets a threshold, whose people's share
// for A (A = 1, B = 0, tie = 0.5, averaged) and the labeling run's P(A) as used differ by more than
// it. An adjudicator (or an admin) reads every answer, note and the AI's judgment side by side and
// records a resolution with a reason: a new Adjudication row (an earlier one is stamped superseded,
// never changed), audited as label.adjudicate. Reviewers' answers stay as they were; the resolution
// is the pair's human label in exports (label_source "adjudicated").

export interface AdjudicationRow {
  comparisonId: number;
  /** people's current answers */
  a: number;
  b: number;
  tie: number;
  /** the queue's labeling run's P(A) as used, when it has one */
  pAUsed: number | null;
  /** why the item is here */
  reasons: AdjudicationReason[];
  /** the current resolution, if any */
  resolved: { choice: "A" | "B" | "TIE"; reason: string; by: string | null; createdAt: string } | null;
}

interface RawRow {
  comparisonId: number;
  a: number;
  b: number;
  tie: number;
  pAUsed: number | null;
  resolution: { choice: "A" | "B" | "TIE"; reason: string; by: string | null; createdAt: string } | null;
}

/** The queue's items that need adjudicating, unresolved first, then by comparison id. */
export async function adjudicationList(queueId: number): Promise<{ queue: QueueRecord; rows: AdjudicationRow[] }> {
  const queue = await findQueue(queueId);
  const verdict = queue.labelRunId === null ? sql`NULL::float8` : sql`(SELECT v."pAUsed" FROM "AiVerdict" v WHERE v."runId" = ${queue.labelRunId}::int AND v."comparisonId" = i.id)`;
  const { rows } = await sql<RawRow>`
    SELECT i.id AS "comparisonId", h.a, h.b, h.tie, ${verdict} AS "pAUsed",
           (SELECT json_build_object('choice', ad.choice, 'reason', ad.reason, 'by', coalesce(u.name, u.email), 'createdAt', ad."createdAt")
              FROM "Adjudication" ad LEFT JOIN "User" u ON u.id = ad."userId"
             WHERE ad."comparisonId" = i.id AND ad."supersededAt" IS NULL ORDER BY ad.id DESC LIMIT 1) AS resolution
      FROM (${queueItemsSql(queue)}) i
      JOIN LATERAL (
        SELECT count(*) FILTER (WHERE m.choice = 'A')::int AS a, count(*) FILTER (WHERE m.choice = 'B')::int AS b, count(*) FILTER (WHERE m.choice = 'TIE')::int AS tie
          FROM "HumanLabel" m
         WHERE m."comparisonId" = i.id AND m.source = 'REVIEW' AND m."supersededAt" IS NULL AND m."userId" IS NOT NULL AND m.choice IN ('A', 'B', 'TIE')) h ON h.a + h.b + h.tie > 0
     ORDER BY i.id`.execute(db);
  const listed = rows.flatMap((row): AdjudicationRow[] => {
    const reasons = adjudicationReasons(row, queue.adjudicationThreshold);
    return reasons.length === 0 ? [] : [{ comparisonId: row.comparisonId, a: row.a, b: row.b, tie: row.tie, pAUsed: row.pAUsed, reasons, resolved: row.resolution }];
  });
  return { queue, rows: listed.toSorted((x, y) => Number(x.resolved !== null) - Number(y.resolved !== null) || x.comparisonId - y.comparisonId) };
}

export interface AdjudicationView {
  queue: { id: number; name: string; labelRunId: number | null; adjudicationThreshold: number | null };
  comparison: ComparisonViewData;
  /** every review answer on the pair in this queue, current and replaced, with its note and how it was given */
  answers: { id: number; choice: string; note: string | null; sawAi: boolean | null; shownOrder: "AB" | "BA" | null; supersededAt: string | null; createdAt: string; reviewer: string }[];
  /** every resolution, newest first; the first is current unless superseded */
  resolutions: { id: number; choice: "A" | "B" | "TIE"; reason: string; by: string | null; supersededAt: string | null; createdAt: string }[];
  reasons: AdjudicationReason[];
}

export async function adjudicationItem(queueId: number, comparisonId: number): Promise<AdjudicationView> {
  const queue = await findQueue(queueId);
  if (!(await inQueue(queue, comparisonId))) throw new NotFoundError(`comparison ${comparisonId} is not in review queue ${queue.id}`);
  const [comparison, answers, resolutions] = await Promise.all([
    findComparisonView(comparisonId, { run: queue.labelRunId ?? undefined }),
    prisma.humanLabel.findMany({
      where: { comparisonId, source: "REVIEW", queueId },
      orderBy: { id: "asc" },
      select: { id: true, choice: true, note: true, sawAi: true, shownOrder: true, supersededAt: true, createdAt: true, user: { select: { name: true, email: true } } },
    }),
    prisma.adjudication.findMany({
      where: { comparisonId },
      orderBy: { id: "desc" },
      select: { id: true, choice: true, reason: true, supersededAt: true, createdAt: true, user: { select: { name: true, email: true } } },
    }),
  ]);
  if (!comparison) throw new NotFoundError(`there is no comparison ${comparisonId}`);
  const current = answers.filter((a) => a.supersededAt === null);
  const count = (choice: string) => current.filter((a) => a.choice === choice).length;
  const verdict = comparison.judgments.find((j) => j.run?.id === queue.labelRunId)?.verdict ?? null;
  return {
    queue: { id: queue.id, name: queue.name, labelRunId: queue.labelRunId, adjudicationThreshold: queue.adjudicationThreshold },
    comparison,
    answers: answers.map(({ user, createdAt, supersededAt, ...a }) => ({
      ...a,
      reviewer: user?.name || user?.email || "(deleted user)",
      createdAt: createdAt.toISOString(),
      supersededAt: supersededAt?.toISOString() ?? null,
    })),
    resolutions: resolutions.map(({ user, createdAt, supersededAt, choice, ...r }) => ({
      ...r,
      choice: choice as "A" | "B" | "TIE",
      by: user?.name || user?.email || null,
      createdAt: createdAt.toISOString(),
      supersededAt: supersededAt?.toISOString() ?? null,
    })),
    reasons: adjudicationReasons({ a: count("A"), b: count("B"), tie: count("TIE"), pAUsed: verdict?.pAUsed ?? null }, queue.adjudicationThreshold),
  };
}

/** Records a resolution; one already current on the pair is kept, stamped superseded. */
export async function resolveItem(queueId: number, userId: string, resolution: ResolutionRequest): Promise<{ id: number; choice: string; reason: string; createdAt: string }> {
  const queue = await findQueue(queueId);
  const { comparisonId } = resolution;
  if (!(await inQueue(queue, comparisonId))) throw NotFoundError.about("comparisonId", `comparison ${comparisonId} is not in review queue ${queue.id}`);
  return prisma.$transaction(async (tx) => {
    // one resolution at a time per pair: two adjudicators at once queue up instead of both staying current
    await executeOn(
      tx,
      db
        .selectFrom("Comparison")
        .select(sql`1`.as("one"))
        .where("id", "=", comparisonId)
        .forNoKeyUpdate(),
    );
    const previous = await tx.adjudication.findFirst({ where: { comparisonId, supersededAt: null }, orderBy: { id: "desc" }, select: { id: true, choice: true, reason: true } });
    if (previous) await tx.adjudication.updateMany({ where: { comparisonId, supersededAt: null }, data: { supersededAt: new Date() } });
    const created = await tx.adjudication.create({
      data: { comparisonId, queueId, userId, choice: resolution.choice, reason: resolution.reason },
      select: { id: true, choice: true, reason: true, createdAt: true },
    });
    await recordAudit(tx, {
      userId,
      action: "label.adjudicate",
      entityType: "comparison",
      entityId: comparisonId,
      before: previous ? { adjudicationId: previous.id, choice: previous.choice, reason: previous.reason } : undefined,
      after: { adjudicationId: created.id, choice: created.choice, reason: created.reason, queueId },
    });
    return { ...created, createdAt: created.createdAt.toISOString() };
  });
}
