import "server-only";
import type { RunProgress } from "@/lib/schemas/runs";
import { NotFoundError } from "../errors";
import { pgPool } from "../pg";

// One run's progress, for the run page (polled while it runs) and the CLI. Every figure comes from
// an indexed query over this run's rows: items by status, calls of the last minute, errors of the
// last hour, items finished in the last five minutes (the pace the ETA assumes), and for a sampling
// run the prompts whose two samples were the same text (no pair made: kinds/sample.ts).

const PACE_WINDOW_SECONDS = 300;
// a run waiting for a worker with its endpoint's key variable says so while no item finished this
// recently: a worker that lacks the key may note it again just after one that has it took an item
const WAITING_NOTE_SECONDS = 30;

export async function runProgress(runId: number): Promise<RunProgress> {
  const db = pgPool();
  const [run, items, pace, calls, errors, identical] = await Promise.all([
    db.query(
      `SELECT id, name, kind, status, "createdAt", "startedAt", "finishedAt",
         CASE WHEN status = 'RUNNING'
           AND NOT EXISTS (SELECT 1 FROM "RunItem" i WHERE i."runId" = r.id AND i."finishedAt" > now() - make_interval(secs => $2))
         THEN "waitingForKey" END AS "waitingForKey"
       FROM "Run" r WHERE id = $1`,
      [runId, WAITING_NOTE_SECONDS],
    ),
    db.query(
      `SELECT count(*)::int AS total,
         count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
         count(*) FILTER (WHERE status = 'CLAIMED')::int AS claimed,
         count(*) FILTER (WHERE status = 'DONE')::int AS done,
         count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
         count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled,
         coalesce(sum(calls), 0)::int AS calls,
         coalesce(sum("promptTokens"), 0)::bigint AS "promptTokens",
         coalesce(sum("completionTokens"), 0)::bigint AS "completionTokens"
       FROM "RunItem" WHERE "runId" = $1`,
      [runId],
    ),
    db.query(
      `SELECT count(*)::int AS finished, extract(epoch FROM now() - min("finishedAt"))::float AS seconds
       FROM "RunItem" WHERE "runId" = $1 AND "finishedAt" > now() - make_interval(secs => $2) AND status IN ('DONE', 'FAILED')`,
      [runId, PACE_WINDOW_SECONDS],
    ),
    db.query(`SELECT count(*)::int AS n FROM "LlmCall" WHERE "runId" = $1 AND "createdAt" > now() - interval '60 seconds'`, [runId]),
    db.query(
      `SELECT kind, count(*)::int AS count, count(*) FILTER (WHERE retried)::int AS retried,
         (array_agg(message ORDER BY "createdAt" DESC))[1] AS "lastMessage", max("createdAt") AS "lastAt"
       FROM "RunError" WHERE "runId" = $1 AND "createdAt" > now() - interval '1 hour'
       GROUP BY kind ORDER BY max("createdAt") DESC`,
      [runId],
    ),
    // the EXISTS is evaluated once: other kinds of run skip the scan
    db.query(
      `SELECT count(*)::int AS n FROM (
         SELECT r."promptId" FROM "Response" r
         WHERE r."runId" = $1 AND r.origin = 'SAMPLE' AND EXISTS (SELECT 1 FROM "Run" WHERE id = $1 AND kind = 'SAMPLE')
         GROUP BY r."promptId" HAVING count(*) = 2 AND count(DISTINCT r.text) = 1
       ) s`,
      [runId],
    ),
  ]);
  if (run.rows.length === 0) throw new NotFoundError(`there is no run ${runId}`);
  const r = run.rows[0];
  const c = items.rows[0];
  const remaining = c.pending + c.claimed;
  const { finished, seconds } = pace.rows[0];
  const perSecond = finished > 0 && seconds > 0 ? finished / Math.max(seconds, 1) : 0;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    ...c,
    promptTokens: Number(c.promptTokens),
    completionTokens: Number(c.completionTokens),
    callsPerMinute: calls.rows[0].n,
    identicalPairs: identical.rows[0].n,
    etaSeconds: remaining === 0 ? 0 : perSecond > 0 && r.status === "RUNNING" ? Math.round(remaining / perSecond) : null,
    waitingForKey: r.waitingForKey,
    recentErrors: errors.rows.map((e) => ({ ...e, lastAt: e.lastAt.toISOString() })),
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}
