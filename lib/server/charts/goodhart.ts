import "server-only";
import { sql } from "kysely";
import { evasiveShare, ngramGrowth, type TextGroup } from "@/lib/cai/charts";
import type { GoodhartData, GoodhartQuery } from "@/lib/schemas/charts";
import { db } from "../db";
import { orNull, RUN_NAME_SQL, type Fragment } from "./sql";
import { summaryFreshness } from "./summaries";

// Goodhart and evasiveness signals: phrases whose document frequency grows from group to group
// (lib/cai/charts' ngramGrowth) and the share of evasive answers per group (isEvasive). A group is
// either a revision number of a dataset's or SL-CAI run's chains (0 = initial), or one run of a
// dataset (by = "run": its SL-CAI runs and sampling runs, in the order they were made, each read
// through its final answers). Texts cannot all be read per request at paper scale (731,324
// revisions), so each group is read through a deterministic sample: the `sample` responses with
// the smallest hashint4 of their id, the same on every request and every machine.
//
// Per revision number, ChartChainResponses (kept as chains are written) gives the counts. When the
// scope holds most of a revision's responses, the sample walks ChainStep_goodhart_idx (or
// Chain_goodhart_idx) in hash order and stops after `sample` rows in scope; for a small scope it
// reads the scope's responses instead, skipping by a hash threshold all but about 1.5 x sample of
// them before it sorts. Both give the same sample.

const HASH = (column: Fragment) => sql`(hashint4(${column})::int8 + 2147483648)`;
const HASH_SPACE = 2 ** 32;
/** below this share of a revision's responses in scope, read the scope rather than walk the index */
const WALK_SHARE = 0.05;
/** runs compared at most (the latest ones, in the order they were made) */
export const MAX_RUNS = 12;

/** `strategy` forces one way of reading the sample (tests check both give the same); by default the scope's share decides. */
export async function goodhartSignals(query: GoodhartQuery, strategy?: "walk" | "read"): Promise<GoodhartData> {
  return query.by === "run" ? goodhartByRun(query) : goodhartByRevision(query, strategy);
}

async function goodhartByRevision(query: GoodhartQuery, strategy?: "walk" | "read"): Promise<GoodhartData> {
  const summaries = await summaryFreshness();
  const [dataset, run] = [orNull(query.dataset), orNull(query.run)];
  const { rows: counts } = await sql<{ revision: number; n: number; total: number }>`
     SELECT revision, sum(n) FILTER (WHERE (${dataset}::int IS NULL OR "datasetId" = ${dataset}) AND (${run}::int IS NULL OR "runId" = ${run}))::int AS n, sum(n)::int AS total
     FROM "ChartChainResponses" GROUP BY 1 ORDER BY 1`.execute(db);
  const scoped = counts.filter((c) => c.n > 0);
  if (scoped.length === 0) return { query, summaries, revisions: [], runs: [], phrases: [] };
  const walks = (c: { n: number; total: number }) => (strategy ? strategy === "walk" : c.n >= WALK_SHARE * c.total);
  const walk = scoped.filter(walks);
  const read = scoped.filter((c) => !walks(c));
  const [walked, readRows] = await Promise.all([
    walkSample(
      query,
      walk.map((c) => c.revision),
    ),
    readSample(query, read),
  ]);
  const groups: TextGroup[] = scoped.map((c) => ({ key: c.revision, texts: [] }));
  const index = new Map(scoped.map((c, i) => [c.revision, i]));
  for (const row of [...walked, ...readRows]) groups[index.get(row.revision)!].texts.push(row.text);
  const { evasive, phrases } = signals(groups, query.maxN);
  return {
    query,
    summaries,
    revisions: scoped.map((c, i) => ({ revision: c.revision, responses: c.n, ...evasive[i] })),
    runs: [],
    phrases,
  };
}

/** Each group's sampled and evasive counts, and the phrases that grow from group to group (none for fewer than two groups). */
function signals(groups: TextGroup[], maxN: number) {
  return {
    evasive: evasiveShare(groups).map((e) => ({ sampled: e.total, evasive: e.evasive, evasiveShare: e.share })),
    phrases: groups.length < 2 ? [] : ngramGrowth(groups, { minN: 2, maxN, minCount: 2, top: 20 }),
  };
}

/** The sample of each revision number in `revisions`, walking the hash-ordered indexes. */
async function walkSample(query: GoodhartQuery, revisions: number[]): Promise<{ revision: number; text: string }[]> {
  if (revisions.length === 0) return [];
  const [dataset, run] = [orNull(query.dataset), orNull(query.run)];
  const joinPrompt = query.dataset ? sql`JOIN "Prompt" p ON p.id = c."promptId" AND p."datasetId" = ${dataset}` : sql``;
  const scope = sql`${query.dataset ? sql`` : sql`${dataset}::int IS NULL AND `}(${run}::int IS NULL OR c."runId" = ${run})`;
  const { rows } = await sql<{ revision: number; text: string }>`
     SELECT s.revision, r.text FROM (
       SELECT 0 AS revision, w.rid FROM (
         SELECT c."initialResponseId" AS rid FROM "Chain" c ${joinPrompt}
         WHERE 0 = ANY(${revisions}::int[]) AND ${scope}
         ORDER BY hashint4(c."initialResponseId"), c."initialResponseId" LIMIT ${query.sample}
       ) w
       UNION ALL
       SELECT k.revision, w.rid FROM unnest(${revisions}::int[]) k(revision) CROSS JOIN LATERAL (
         SELECT st."revisionId" AS rid FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" ${joinPrompt}
         WHERE st.index = k.revision AND ${scope}
         ORDER BY hashint4(st."revisionId"), st."revisionId" LIMIT ${query.sample}
       ) w WHERE k.revision > 0
     ) s JOIN "Response" r ON r.id = s.rid`.execute(db);
  return rows;
}

/** The sample of revisions with few responses in scope: the scope's responses, cut by a hash threshold, then sorted. */
async function readSample(query: GoodhartQuery, counts: { revision: number; n: number }[]): Promise<{ revision: number; text: string }[]> {
  if (counts.length === 0) return [];
  // keep about 1.5 x sample rows (plus slack for small counts) before the exact cut
  const thresholds = counts.map((c) => Math.min(HASH_SPACE, Math.ceil(((1.5 * query.sample + 50) / c.n) * HASH_SPACE)));
  const { rows } = await sql<{ revision: number; text: string }>`
     SELECT s.revision, r.text FROM (
       SELECT pts.revision, pts.rid, row_number() OVER (PARTITION BY pts.revision ORDER BY pts.h, pts.rid) AS k
       FROM (SELECT revision, rid, ${HASH(sql.raw("rid"))} AS h FROM (${chainResponsesSql(query)}) p) pts
       JOIN unnest(${counts.map((c) => c.revision)}::int[], ${thresholds}::int8[]) t(revision, threshold) ON t.revision = pts.revision AND pts.h < t.threshold
     ) s JOIN "Response" r ON r.id = s.rid
     WHERE s.k <= ${query.sample}`.execute(db);
  return rows;
}

/**
 * By run: the dataset's SL-CAI and sampling runs in the order they were made (the latest
 * MAX_RUNS), each read through its final answers: a sampling run's samples, an SL-CAI run's last
 * response of each chain (its last revision, or the initial answer of a chain without one).
 */
async function goodhartByRun(query: GoodhartQuery): Promise<GoodhartData> {
  const dataset = orNull(query.dataset);
  const { rows: runs } = await sql<{ id: number; name: string; kind: "SL_CAI" | "SAMPLE" }>`
     SELECT id, name, kind::text AS kind FROM (
       SELECT id, ${RUN_NAME_SQL} AS name, kind, "createdAt"
       FROM "Run" WHERE kind IN ('SL_CAI', 'SAMPLE') AND (${dataset}::int IS NULL OR "datasetId" = ${dataset})
       ORDER BY "createdAt" DESC, id DESC LIMIT ${sql.lit(MAX_RUNS)}
     ) r ORDER BY "createdAt", id`.execute(db);
  const answers = (run: { id: number; kind: "SL_CAI" | "SAMPLE" }) =>
    run.kind === "SAMPLE"
      ? sql`SELECT r.id AS rid FROM "Response" r WHERE r."runId" = ${run.id} AND r.origin = 'SAMPLE'`
      : sql`SELECT coalesce(last."revisionId", c."initialResponseId") AS rid FROM "Chain" c
         LEFT JOIN LATERAL (SELECT st."revisionId" FROM "ChainStep" st WHERE st."chainId" = c.id ORDER BY st.index DESC LIMIT 1) last ON true
         WHERE c."runId" = ${run.id}`;
  const read = await Promise.all(
    runs.map(async (run) => {
      const { rows } = await sql<{ n: number; texts: string[] | null }>`
         WITH a AS (${answers(run)}), s AS (SELECT rid FROM a ORDER BY hashint4(rid), rid LIMIT ${query.sample})
         SELECT (SELECT count(*) FROM a)::int AS n, (SELECT array_agg(r.text) FROM s JOIN "Response" r ON r.id = s.rid) AS texts`.execute(db);
      return { run, n: rows[0].n, texts: rows[0].texts ?? [] };
    }),
  );
  const scoped = read.filter((r) => r.n > 0);
  const { evasive, phrases } = signals(
    scoped.map((r) => ({ key: r.run.id, texts: r.texts })),
    query.maxN,
  );
  return {
    query,
    summaries: null,
    revisions: [],
    runs: scoped.map((r, i) => ({ runId: r.run.id, name: r.run.name, kind: r.run.kind, responses: r.n, ...evasive[i] })),
    phrases,
  };
}

/**
 * Every chain response in scope as (revision, rid, chainId): revision 0 the initial response, k the
 * k-th revision, of the dataset and the SL-CAI run (either may be unset).
 */
export function chainResponsesSql(query: { dataset?: number; run?: number }): Fragment {
  const [dataset, run] = [orNull(query.dataset), orNull(query.run)];
  const scope = sql`${query.dataset ? sql`JOIN "Prompt" p ON p.id = c."promptId" WHERE p."datasetId" = ${dataset}` : sql`WHERE ${dataset}::int IS NULL`} AND (${run}::int IS NULL OR c."runId" = ${run})`;
  return sql`SELECT 0 AS revision, c."initialResponseId" AS rid, c.id AS "chainId" FROM "Chain" c ${scope}
    UNION ALL
    SELECT st.index, st."revisionId", st."chainId" FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" ${scope}`;
}
