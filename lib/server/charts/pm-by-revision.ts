import "server-only";
import { meanIntervalFromAggregates } from "@/lib/cai/charts";
import type { PmByRevisionData, PmByRevisionQuery } from "@/lib/schemas/charts";
import { pgPool } from "../pg";
import { orNull } from "./sql";

// PM score by revision number, as in the paper's figure of harmlessness score against the number of
// revisions: revision 0 is a chain's initial response, k its k-th revision. SQL returns count, sum
// and sum of squares per revision (and group); meanIntervalFromAggregates makes the 95% interval.

interface Aggregate {
  revision: number;
  key: string;
  n: number;
  sum: number;
  sumSquares: number;
}

const GROUP_SQL: Record<PmByRevisionQuery["split"], string> = {
  none: `'all'`,
  // the initial response has no principle: it is everyone's starting point
  principle: `coalesce(pts."principleId"::text, 'initial')`,
  run: `coalesce(c."runId"::text, 'imported')`,
  endpoint: `coalesce(r."endpointId"::text, 'none')`,
};

export async function pmByRevision(query: PmByRevisionQuery): Promise<PmByRevisionData> {
  const db = pgPool();
  const params = [query.score, orNull(query.source), orNull(query.dataset), orNull(query.run)];
  const score = `s.name = $1 AND ($2::text IS NULL OR s.source = $2::"ScoreSource")`;
  // One scan of Score against one map of chain responses (a chain's initial response as revision 0,
  // each step's revision as its index): scanning Score once per kind of response cost a second pass
  // over every score. No CTE (it would keep Postgres from scanning in parallel), and the chain is
  // joined only when a filter or the split needs its prompt or run. The map reads ChainStep through
  // ChainStep_chart_revision_idx (index-only: the step rows carry the critique text).
  const needsChain = query.dataset !== undefined || query.run !== undefined || query.split === "run" || query.split === "endpoint";
  const [chains, outside] = await Promise.all([
    db.query<Aggregate>(
      `SELECT pts.revision, ${GROUP_SQL[query.split]} AS key, count(*)::int AS n,
         sum(s.value)::float8 AS sum, sum(s.value * s.value)::float8 AS "sumSquares"
       FROM "Score" s JOIN (
         SELECT c."initialResponseId" AS "responseId", 0 AS revision, NULL::int AS "principleId", c.id AS "chainId" FROM "Chain" c
         UNION ALL
         SELECT st."revisionId", st.index, st."principleId", st."chainId" FROM "ChainStep" st
       ) pts ON pts."responseId" = s."responseId"
       ${needsChain ? `JOIN "Chain" c ON c.id = pts."chainId"` : ""}
       ${query.dataset !== undefined ? `JOIN "Prompt" p ON p.id = c."promptId"` : ""}
       ${query.split === "endpoint" ? `LEFT JOIN "Run" r ON r.id = c."runId"` : ""}
       WHERE ${score} AND ${query.dataset !== undefined ? `p."datasetId" = $3` : "$3::int IS NULL"}
         AND ${query.run !== undefined ? `c."runId" = $4` : "$4::int IS NULL"}
       GROUP BY 1, 2 ORDER BY 2, 1`,
      params,
    ),
    // Scores of responses outside chains (samples, imported answers): Response_outside_chain_idx
    // lists those responses, where the filter on origin alone scanned every response.
    db.query<Omit<Aggregate, "revision" | "key"> & { origin: string }>(
      `SELECT r.origin::text AS origin, count(*)::int AS n, sum(s.value)::float8 AS sum, sum(s.value * s.value)::float8 AS "sumSquares"
       FROM "Score" s JOIN "Response" r ON r.id = s."responseId" JOIN "Prompt" p ON p.id = r."promptId"
       WHERE ${score} AND r.origin NOT IN ('INITIAL', 'REVISION') AND ($3::int IS NULL OR p."datasetId" = $3) AND ($4::int IS NULL OR r."runId" = $4)
       GROUP BY 1 ORDER BY 1`,
      params,
    ),
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
  const sql = {
    principle: `SELECT id, key AS name FROM "Principle" WHERE id = ANY($1)`,
    run: `SELECT id, coalesce(nullif(name, ''), 'run #' || id) AS name FROM "Run" WHERE id = ANY($1)`,
    endpoint: `SELECT id, name FROM "ModelEndpoint" WHERE id = ANY($1)`,
  }[split];
  const { rows } = await pgPool().query<{ id: number; name: string }>(sql, [ids]);
  for (const row of rows) labels.set(String(row.id), row.name);
  return labels;
}
