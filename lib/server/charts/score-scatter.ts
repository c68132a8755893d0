import "server-only";
import { btToElo } from "@/lib/cai/charts";
import type { ScoreScatterData, ScoreScatterQuery } from "@/lib/schemas/charts";
import { pgPool } from "../pg";
import { orNull } from "./sql";

// Two kinds of score of the same responses against each other (harmlessness against helpfulness,
// pm_score against a Bradley-Terry fit...). A response's scores of one kind (name, and source when
// chosen) are averaged. SQL gives the count, means and Pearson's r over every response with both;
// the plot gets at most MAX_POINTS of them, the ones with the smallest hash of their id, so the same
// data always shows the same points. Bradley-Terry log-strengths are also given on the Elo scale.

export const MAX_POINTS = 2000;

export async function scoreScatter(query: ScoreScatterQuery): Promise<ScoreScatterData> {
  const params = [query.x, orNull(query.xSource), query.y, orNull(query.ySource), orNull(query.dataset), orNull(query.run)];
  const kind = (name: string, source: string) =>
    `SELECT "responseId", avg(value)::float8 AS v FROM "Score" WHERE name = ${name} AND (${source}::text IS NULL OR source = ${source}::"ScoreSource") GROUP BY 1`;
  const pairs = `WITH x AS (${kind("$1", "$2")}), y AS (${kind("$3", "$4")})
    SELECT x."responseId", r."promptId", x.v AS x, y.v AS y
    FROM x JOIN y ON y."responseId" = x."responseId" JOIN "Response" r ON r.id = x."responseId"
    ${query.dataset ? `JOIN "Prompt" p ON p.id = r."promptId" WHERE p."datasetId" = $5` : "WHERE $5::int IS NULL"} AND ($6::int IS NULL OR r."runId" = $6)`;
  const db = pgPool();
  const [summary, sample] = await Promise.all([
    db.query<{ n: number; meanX: number | null; meanY: number | null; correlation: number | null }>(
      `SELECT count(*)::int AS n, avg(x)::float8 AS "meanX", avg(y)::float8 AS "meanY", corr(x, y)::float8 AS correlation FROM (${pairs}) xy`,
      params,
    ),
    db.query<{ responseId: number; promptId: number; x: number; y: number }>(
      `SELECT * FROM (${pairs}) xy ORDER BY hashint4("responseId"), "responseId" LIMIT ${MAX_POINTS}`,
      params,
    ),
  ]);
  const { n, meanX, meanY, correlation } = summary.rows[0];
  const elo = { x: query.xSource === "BRADLEY_TERRY", y: query.ySource === "BRADLEY_TERRY" };
  return {
    query,
    pairs: n,
    meanX,
    meanY,
    correlation,
    points: sample.rows
      .map((p) => ({ ...p, xElo: elo.x ? btToElo(p.x) : null, yElo: elo.y ? btToElo(p.y) : null }))
      .sort((a, b) => a.x - b.x || a.y - b.y || a.responseId - b.responseId),
    elo,
  };
}
