import "server-only";
import type { ChartOptions, ScoreSourceName } from "@/lib/schemas/charts";
import { pgPool } from "../pg";
import { RUN_NAME_SQL } from "./sql";

/** What the chart pages' pickers offer: datasets, runs, and the kinds of score stored. */
export async function chartOptions(): Promise<ChartOptions> {
  const db = pgPool();
  const [datasets, runs, scores] = await Promise.all([
    db.query<{ id: number; name: string }>(`SELECT id, name FROM "Dataset" ORDER BY name`),
    db.query<{ id: number; datasetId: number | null; name: string; kind: string }>(
      `SELECT id, "datasetId", ${RUN_NAME_SQL} AS name, kind::text AS kind FROM "Run" ORDER BY id DESC`,
    ),
    // a loose index scan over Score (name, source): one probe per distinct pair, not a scan of every score
    db.query<{ name: string; source: ScoreSourceName }>(
      `WITH RECURSIVE t(name, source) AS (
         (SELECT name, source FROM "Score" ORDER BY name, source LIMIT 1)
         UNION ALL
         SELECT n.name, n.source FROM t, LATERAL (
           SELECT s.name, s.source FROM "Score" s WHERE (s.name, s.source) > (t.name, t.source) ORDER BY s.name, s.source LIMIT 1
         ) n
       ) SELECT name, source::text AS source FROM t`,
    ),
  ]);
  return { datasets: datasets.rows, runs: runs.rows, scores: scores.rows };
}
