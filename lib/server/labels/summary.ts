import "server-only";
import { sql } from "kysely";
import type { LabelRunSummary } from "@/lib/schemas/labels";
import { NotFoundError } from "../errors";
import { db } from "../db";

// What a labeling run concluded, at a glance: how its verdicts spread over P(A) (how many are
// confident, how many near a coin toss), and how often each principle's verdict flipped when the
// two responses swapped places (position bias).

const CONFIDENT = 0.3;
const NEAR_HALF = 0.1;

export async function labelRunSummary(runId: number): Promise<LabelRunSummary> {
  const [run, verdicts, bins, principles] = await Promise.all([
    db
      .selectFrom("Run")
      .select("id")
      .where("id", "=", runId)
      .where(sql<boolean>`kind = 'LABEL'`)
      .executeTakeFirst(),
    db
      .selectFrom("AiVerdict")
      .select([
        sql<number>`count(*)::int`.as("judged"),
        sql<number>`count(*) FILTER (WHERE abs("pAUsed" - 0.5) >= ${CONFIDENT})::int`.as("confident"),
        sql<number>`count(*) FILTER (WHERE abs("pAUsed" - 0.5) < ${NEAR_HALF})::int`.as("nearHalf"),
      ])
      .where("runId", "=", runId)
      .executeTakeFirstOrThrow(),
    sql<{ bin: number; raw: number; used: number }>`
      SELECT bin, sum(raw)::int AS raw, sum(used)::int AS used FROM (
        SELECT least(width_bucket("pA", 0, 1, 10), 10) AS bin, 1 AS raw, 0 AS used FROM "AiVerdict" WHERE "runId" = ${runId}
        UNION ALL
        SELECT least(width_bucket("pAUsed", 0, 1, 10), 10), 0, 1 FROM "AiVerdict" WHERE "runId" = ${runId}
      ) b GROUP BY bin`.execute(db),
    sql<{ principleId: number; key: string; labels: number; pairsBothOrders: number; flips: number }>`
      SELECT p.id AS "principleId", p.key, count(*)::int AS labels,
        count(DISTINCT l."comparisonId") FILTER (WHERE both_orders)::int AS "pairsBothOrders",
        count(DISTINCT l."comparisonId") FILTER (WHERE flipped)::int AS flips
      FROM (
        SELECT l.*,
          count(*) OVER (PARTITION BY l."comparisonId", l."principleId") = 2 AS both_orders,
          (max(l."pA") OVER w - 0.5) * (min(l."pA") OVER w - 0.5) < 0 AS flipped
        FROM "AiLabel" l WHERE l."runId" = ${runId}
        WINDOW w AS (PARTITION BY l."comparisonId", l."principleId")
      ) l JOIN "Principle" p ON p.id = l."principleId"
      GROUP BY p.id, p.key ORDER BY p.key`.execute(db),
  ]);
  if (!run) throw new NotFoundError(`there is no labeling run ${runId}`);
  const counts = new Map(bins.rows.map((b) => [b.bin, b]));
  const perPrinciple = principles.rows.map((p) => ({ ...p, flipRate: p.pairsBothOrders > 0 ? p.flips / p.pairsBothOrders : null }));
  const pairs = perPrinciple.reduce((n, p) => n + p.pairsBothOrders, 0);
  return {
    runId,
    ...verdicts,
    histogram: Array.from({ length: 10 }, (_, i) => ({
      low: i / 10,
      high: (i + 1) / 10,
      raw: counts.get(i + 1)?.raw ?? 0,
      used: counts.get(i + 1)?.used ?? 0,
    })),
    perPrinciple,
    flipRate: pairs > 0 ? perPrinciple.reduce((n, p) => n + p.flips, 0) / pairs : null,
  };
}
