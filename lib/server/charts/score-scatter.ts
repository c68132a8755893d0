import "server-only";
import { sql } from "kysely";
import { btToElo, correlationFromMoments, type Moments } from "@/lib/cai/charts";
import type { ScoreScatterData, ScoreScatterQuery } from "@/lib/schemas/charts";
import { db } from "../db";
import { orNull, type Fragment } from "./sql";
import { summaryFreshness } from "./summaries";

// Two kinds of score of the same responses against each other (harmlessness against helpfulness,
// pm_score against a Bradley-Terry fit...). A response's scores of one kind (name, and source when
// chosen) are averaged. The count, means and Pearson's r over every response with both come from
// ChartScorePair, the moments of each pair of kinds per dataset and run kept as scores are written
// (summaries.ts). The plot gets at most MAX_POINTS of the responses, the ones with the smallest
// hash of their id, so the same data always shows the same points: when the scope holds most of
// the responses with the x score, Score_scatter_idx is walked in hash order until MAX_POINTS have
// both scores in scope; for a small scope, its responses are read and sorted. Bradley-Terry
// log-strengths are also given on the Elo scale.

export const MAX_POINTS = 2000;
/** below this share of the x score's responses in scope, read the scope rather than walk the index */
const WALK_SHARE = 0.05;

interface Point {
  responseId: number;
  promptId: number;
  x: number;
  y: number;
}

/**
 * `strategy` forces one way of reading the points (tests check both give the same); by default the
 * scope's share decides. `maxPoints` lets tests cut a small world's points as MAX_POINTS cuts a large one.
 */
export async function scoreScatter(query: ScoreScatterQuery, strategy?: "walk" | "read", maxPoints = MAX_POINTS): Promise<ScoreScatterData> {
  const summaries = await summaryFreshness();
  const [xName, xSource, yName, ySource] = [query.x, query.xSource ?? "", query.y, query.ySource ?? ""];
  const [dataset, run] = [orNull(query.dataset), orNull(query.run)];
  // a pair of kinds is stored once, x kind <= y kind: read it either way round
  const {
    rows: [summary],
  } = await sql<Moments & { total: number }>`
     SELECT coalesce(sum(n) FILTER (WHERE scoped), 0)::int8::float8 AS n,
       coalesce(sum(CASE WHEN swapped THEN "sumY" ELSE "sumX" END) FILTER (WHERE scoped), 0) AS "sumX",
       coalesce(sum(CASE WHEN swapped THEN "sumX" ELSE "sumY" END) FILTER (WHERE scoped), 0) AS "sumY",
       coalesce(sum(CASE WHEN swapped THEN "sumYY" ELSE "sumXX" END) FILTER (WHERE scoped), 0) AS "sumXX",
       coalesce(sum(CASE WHEN swapped THEN "sumXX" ELSE "sumYY" END) FILTER (WHERE scoped), 0) AS "sumYY",
       coalesce(sum("sumXY") FILTER (WHERE scoped), 0) AS "sumXY",
       (SELECT coalesce(sum(n), 0) FROM "ChartScorePair" WHERE "xName" = ${xName} AND "xSource" = ${xSource} AND "yName" = ${xName} AND "ySource" = ${xSource})::float8 AS total
     FROM (
       SELECT *, NOT ("xName" = ${xName} AND "xSource" = ${xSource}) AS swapped,
         (${dataset}::int IS NULL OR "datasetId" = ${dataset}) AND (${run}::int IS NULL OR "runId" = ${run}) AS scoped
       FROM "ChartScorePair"
       WHERE ("xName" = ${xName} AND "xSource" = ${xSource} AND "yName" = ${yName} AND "ySource" = ${ySource})
          OR ("xName" = ${yName} AND "xSource" = ${ySource} AND "yName" = ${xName} AND "ySource" = ${xSource})
     ) t`.execute(db);
  const n = summary.n;
  const walk = strategy ? strategy === "walk" : n >= WALK_SHARE * summary.total;
  const points = n === 0 ? [] : walk ? await walkPoints(query, maxPoints) : await readPoints(query, maxPoints);
  const elo = { x: query.xSource === "BRADLEY_TERRY", y: query.ySource === "BRADLEY_TERRY" };
  return {
    query,
    summaries,
    pairs: n,
    meanX: n > 0 ? summary.sumX / n : null,
    meanY: n > 0 ? summary.sumY / n : null,
    correlation: correlationFromMoments(summary),
    points: points.map((p) => ({ ...p, xElo: elo.x ? btToElo(p.x) : null, yElo: elo.y ? btToElo(p.y) : null })).sort((a, b) => a.x - b.x || a.y - b.y || a.responseId - b.responseId),
    elo,
  };
}

/** Response `r` in scope: of the dataset (through its prompt) and the run, either may be unset. */
const responseScope = (query: ScoreScatterQuery) => {
  const [dataset, run] = [orNull(query.dataset), orNull(query.run)];
  return {
    join: query.dataset ? sql`JOIN "Prompt" p ON p.id = r."promptId" AND p."datasetId" = ${dataset}` : sql``,
    where: sql`${query.dataset ? sql`` : sql`${dataset}::int IS NULL AND `}(${run}::int IS NULL OR r."runId" = ${run})`,
  };
};
const mean = (name: string, source: string | null, response: Fragment) =>
  sql`(SELECT avg(value)::float8 FROM "Score" WHERE "responseId" = ${response} AND name = ${name} AND (${source}::text IS NULL OR source = ${source}::"ScoreSource"))`;

/**
 * The first `limit` responses in hash order among those with an x score, kept when in scope
 * with a y score. Both means are read from Score_scatter_idx alone (it holds source and value): the
 * x scores as the walk groups them, the y scores by a probe on (name, hash, response).
 */
async function walkPoints(query: ScoreScatterQuery, limit: number): Promise<Point[]> {
  const [xSource, ySource] = [orNull(query.xSource), orNull(query.ySource)];
  const scope = responseScope(query);
  const { rows } = await sql<Point>`
     SELECT w."responseId", r."promptId", w.x, y.v AS y
     FROM (
       SELECT hashint4("responseId") AS h, "responseId", avg(value)::float8 AS x FROM "Score"
       WHERE name = ${query.x} AND (${xSource}::text IS NULL OR source = ${xSource}::"ScoreSource") GROUP BY 1, 2 ORDER BY 1, 2
     ) w
     CROSS JOIN LATERAL (
       SELECT avg(s.value)::float8 AS v FROM "Score" s
       WHERE s.name = ${query.y} AND hashint4(s."responseId") = w.h AND s."responseId" = w."responseId" AND (${ySource}::text IS NULL OR s.source = ${ySource}::"ScoreSource")
     ) y
     JOIN "Response" r ON r.id = w."responseId" ${scope.join}
     WHERE y.v IS NOT NULL AND ${scope.where}
     ORDER BY w.h, w."responseId" LIMIT ${sql.lit(limit)}`.execute(db);
  return rows;
}

/** The scope's responses with both scores, sorted by hash: for a scope that holds few of them. */
async function readPoints(query: ScoreScatterQuery, limit: number): Promise<Point[]> {
  const scope = responseScope(query);
  const { rows } = await sql<Point>`
     SELECT * FROM (
       SELECT r.id AS "responseId", r."promptId", ${mean(query.x, orNull(query.xSource), sql`r.id`)} AS x, ${mean(query.y, orNull(query.ySource), sql`r.id`)} AS y
       FROM "Response" r ${scope.join}
       WHERE ${scope.where}
     ) xy WHERE x IS NOT NULL AND y IS NOT NULL
     ORDER BY hashint4("responseId"), "responseId" LIMIT ${sql.lit(limit)}`.execute(db);
  return rows;
}
