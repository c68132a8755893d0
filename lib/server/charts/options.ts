import "server-only";
import { sql } from "kysely";
import type { ChartOptions, ScoreSourceName } from "@/lib/schemas/charts";
import { db } from "../db";
import { RUN_NAME_SQL } from "./sql";

/** What the chart pages' pickers offer: datasets, runs, and the kinds of score stored. */
export async function chartOptions(): Promise<ChartOptions> {
  const [datasets, runs, scores] = await Promise.all([
    db.selectFrom("Dataset").select(["id", "name"]).orderBy("name").execute(),
    db
      .selectFrom("Run")
      .select(["id", "datasetId", RUN_NAME_SQL.as("name"), sql<string>`kind::text`.as("kind")])
      .orderBy("id", "desc")
      .execute(),
    // a loose index scan over Score (name, source): one probe per distinct pair, not a scan of every score
    sql<{ name: string; source: ScoreSourceName }>`
      WITH RECURSIVE t(name, source) AS (
         (SELECT name, source FROM "Score" ORDER BY name, source LIMIT 1)
         UNION ALL
         SELECT n.name, n.source FROM t, LATERAL (
           SELECT s.name, s.source FROM "Score" s WHERE (s.name, s.source) > (t.name, t.source) ORDER BY s.name, s.source LIMIT 1
         ) n
       ) SELECT name, source::text AS source FROM t`.execute(db),
  ]);
  return { datasets, runs, scores: scores.rows };
}
