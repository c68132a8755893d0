import "server-only";
import { sql } from "kysely";
import type { RunProgress } from "@/lib/schemas/runs";
import { NotFoundError } from "../errors";
import { db } from "../db";

// One run's progress, for the run page (polled while it runs) and the CLI. Every figure comes from
// an indexed query over this run's rows: items by status, calls of the last minute, errors of the
// last hour, items finished in the last five minutes (the pace the ETA assumes), and for a sampling
// run the prompts whose two samples were the same text (no pair made: kinds/sample.ts).

const PACE_WINDOW_SECONDS = 300;
// a run waiting for a worker with its endpoint's key variable says so while no item finished this
// recently: a worker that lacks the key may note it again just after one that has it took an item
const WAITING_NOTE_SECONDS = 30;

export async function runProgress(runId: number): Promise<RunProgress> {
  const [run, c, pace, calls, errors, identical] = await Promise.all([
    db
      .selectFrom("Run as r")
      .select(["id", "name", "kind", "status", "createdAt", "startedAt", "finishedAt"])
      .select(
        sql<string | null>`CASE WHEN status = 'RUNNING'
           AND NOT EXISTS (SELECT 1 FROM "RunItem" i WHERE i."runId" = r.id AND i."finishedAt" > now() - make_interval(secs => ${WAITING_NOTE_SECONDS}))
         THEN "waitingForKey" END`.as("waitingForKey"),
      )
      .where("id", "=", runId)
      .executeTakeFirst(),
    db
      .selectFrom("RunItem")
      .select([
        sql<number>`count(*)::int`.as("total"),
        sql<number>`count(*) FILTER (WHERE status = 'PENDING')::int`.as("pending"),
        sql<number>`count(*) FILTER (WHERE status = 'CLAIMED')::int`.as("claimed"),
        sql<number>`count(*) FILTER (WHERE status = 'DONE')::int`.as("done"),
        sql<number>`count(*) FILTER (WHERE status = 'FAILED')::int`.as("failed"),
        sql<number>`count(*) FILTER (WHERE status = 'CANCELLED')::int`.as("cancelled"),
        sql<number>`coalesce(sum(calls), 0)::int`.as("calls"),
        sql<string>`coalesce(sum("promptTokens"), 0)::bigint`.as("promptTokens"),
        sql<string>`coalesce(sum("completionTokens"), 0)::bigint`.as("completionTokens"),
      ])
      .where("runId", "=", runId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("RunItem")
      .select([sql<number>`count(*)::int`.as("finished"), sql<number | null>`extract(epoch FROM now() - min("finishedAt"))::float`.as("seconds")])
      .where("runId", "=", runId)
      .where(sql<boolean>`"finishedAt" > now() - make_interval(secs => ${PACE_WINDOW_SECONDS})`)
      .where("status", "in", ["DONE", "FAILED"])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("LlmCall")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("runId", "=", runId)
      .where(sql<boolean>`"createdAt" > now() - interval '60 seconds'`)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("RunError")
      .select([
        "kind",
        sql<number>`count(*)::int`.as("count"),
        sql<number>`count(*) FILTER (WHERE retried)::int`.as("retried"),
        sql<string>`(array_agg(message ORDER BY "createdAt" DESC))[1]`.as("lastMessage"),
        sql<Date>`max("createdAt")`.as("lastAt"),
      ])
      .where("runId", "=", runId)
      .where(sql<boolean>`"createdAt" > now() - interval '1 hour'`)
      .groupBy("kind")
      .orderBy(sql`max("createdAt")`, "desc")
      .execute(),
    // the EXISTS is evaluated once: other kinds of run skip the scan
    sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT r."promptId" FROM "Response" r
        WHERE r."runId" = ${runId} AND r.origin = 'SAMPLE' AND EXISTS (SELECT 1 FROM "Run" WHERE id = ${runId} AND kind = 'SAMPLE')
        GROUP BY r."promptId" HAVING count(*) = 2 AND count(DISTINCT r.text) = 1
      ) s`.execute(db),
  ]);
  if (!run) throw new NotFoundError(`there is no run ${runId}`);
  const remaining = c.pending + c.claimed;
  const { finished, seconds } = pace;
  const perSecond = finished > 0 && seconds !== null && seconds > 0 ? finished / Math.max(seconds, 1) : 0;
  return {
    id: run.id,
    name: run.name,
    kind: run.kind,
    status: run.status,
    ...c,
    promptTokens: Number(c.promptTokens),
    completionTokens: Number(c.completionTokens),
    callsPerMinute: calls.n,
    identicalPairs: identical.rows[0].n,
    etaSeconds: remaining === 0 ? 0 : perSecond > 0 && run.status === "RUNNING" ? Math.round(remaining / perSecond) : null,
    waitingForKey: run.waitingForKey,
    recentErrors: errors.map((e) => ({ ...e, lastAt: e.lastAt.toISOString() })),
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
