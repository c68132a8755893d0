import "server-only";
import { sql } from "kysely";
import { meanIntervalFromAggregates } from "@/lib/cai/charts";
import type { PmByRevisionData, PmByRevisionQuery } from "@/lib/schemas/charts";
import { db } from "../db";
import { NAMES_SQL, namesById, orNull, type Fragment } from "./sql";
import { summaryFreshness } from "./summaries";

// PM score by revision number, as in the paper's figure of harmlessness score against the number of
// revisions: revision 0 is a chain's initial response, k its k-th revision. The counts, sums and
// sums of squares per (dataset, run, revision, principle, score) are kept in ChartRevisionScore as
// scores and chains are written (summaries.ts), so a request adds up a few hundred rows at any
// scale; meanIntervalFromAggregates makes the 95% interval.

interface Aggregate {
  revision: number;
  key: string;
  n: number;
  sum: number;
  sumSquares: number;
}

const GROUP_SQL: Record<PmByRevisionQuery["split"], Fragment> = {
  none: sql`'all'`,
  // the initial response has no principle (0 in the summary): it is everyone's starting point
  principle: sql`CASE WHEN t."principleId" = 0 THEN 'initial' ELSE t."principleId"::text END`,
  run: sql`CASE WHEN t."runId" = 0 THEN 'imported' ELSE t."runId"::text END`,
  endpoint: sql`coalesce(r."endpointId"::text, 'none')`,
};

export async function pmByRevision(query: PmByRevisionQuery): Promise<PmByRevisionData> {
  const summaries = await summaryFreshness();
  const [source, dataset, run] = [orNull(query.source), orNull(query.dataset), orNull(query.run)];
  const where = sql`t.name = ${query.score} AND (${source}::text IS NULL OR t.source = ${source}::"ScoreSource") AND (${dataset}::int IS NULL OR t."datasetId" = ${dataset})
    AND (${run}::int IS NULL OR t."runId" = ${run})`;
  const [chains, outside] = await Promise.all([
    sql<Aggregate>`
      SELECT t.revision, ${GROUP_SQL[query.split]} AS key, sum(t.n)::int AS n, sum(t.sum)::float8 AS sum, sum(t."sumSquares")::float8 AS "sumSquares"
       FROM "ChartRevisionScore" t ${query.split === "endpoint" ? sql`LEFT JOIN "Run" r ON r.id = t."runId"` : sql``}
       WHERE ${where}
       GROUP BY 1, 2 HAVING sum(t.n) > 0 ORDER BY 2, 1`.execute(db),
    // scores of responses outside chains (samples, imported answers), by origin; the run is the response's
    sql<Omit<Aggregate, "revision" | "key"> & { origin: string }>`
      SELECT t.origin::text AS origin, sum(t.n)::int AS n, sum(t.sum)::float8 AS sum, sum(t."sumSquares")::float8 AS "sumSquares"
       FROM "ChartOutsideScore" t WHERE ${where}
       GROUP BY 1 HAVING sum(t.n) > 0 ORDER BY 1`.execute(db),
  ]);
  const labels = await groupLabels(query.split, [...new Set(chains.rows.map((r) => r.key))]);
  const series = new Map<string, PmByRevisionData["series"][number]>();
  for (const row of chains.rows) {
    let line = series.get(row.key);
    if (!line) series.set(row.key, (line = { key: row.key, label: labels.get(row.key) ?? row.key, points: [] }));
    line.points.push({ revision: row.revision, ...meanIntervalFromAggregates(row.n, row.sum, row.sumSquares) });
  }
  return {
    query,
    summaries,
    series: [...series.values()],
    outsideChains: outside.rows.map((r) => ({ origin: r.origin, ...meanIntervalFromAggregates(r.n, r.sum, r.sumSquares) })),
  };
}

async function groupLabels(split: PmByRevisionQuery["split"], keys: string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>([
    ["all", "All chains"],
    ["initial", "Initial response"],
    ["imported", "Imported chains"],
    ["none", "No endpoint"],
  ]);
  const ids = keys.filter((k) => /^\d+$/.test(k)).map(Number);
  if (ids.length === 0 || split === "none") return labels;
  const names = {
    ...NAMES_SQL,
    run: (runs: number[]) => sql<{ id: number; name: string }>`SELECT id, coalesce(nullif(name, ''), 'run #' || id) AS name FROM "Run" WHERE id = ANY(${runs})`,
  }[split];
  for (const [id, name] of await namesById(names, ids)) labels.set(String(id), name);
  return labels;
}
