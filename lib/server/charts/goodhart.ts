import "server-only";
import { evasiveShare, ngramGrowth, type TextGroup } from "@/lib/cai/charts";
import type { GoodhartData, GoodhartQuery } from "@/lib/schemas/charts";
import { pgPool } from "../pg";
import { orNull, RUN_NAME_SQL } from "./sql";
import { freshSummaries } from "./summaries";

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

const HASH = (column: string) => `(hashint4(${column})::int8 + 2147483648)`;
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
  await freshSummaries();
  const db = pgPool();
  const { rows: counts } = await db.query<{ revision: number; n: number; total: number }>(
    `SELECT revision, sum(n) FILTER (WHERE ($1::int IS NULL OR "datasetId" = $1) AND ($2::int IS NULL OR "runId" = $2))::int AS n, sum(n)::int AS total
     FROM "ChartChainResponses" GROUP BY 1 ORDER BY 1`,
    [orNull(query.dataset), orNull(query.run)],
  );
  const scoped = counts.filter((c) => c.n > 0);
  if (scoped.length === 0) return { query, revisions: [], runs: [], phrases: [] };
  const walks = (c: { n: number; total: number }) => (strategy ? strategy === "walk" : c.n >= WALK_SHARE * c.total);
  const walk = scoped.filter(walks);
  const read = scoped.filter((c) => !walks(c));
  const [walked, readRows] = await Promise.all([walkSample(query, walk.map((c) => c.revision)), readSample(query, read)]);
  const groups: TextGroup[] = scoped.map((c) => ({ key: c.revision, texts: [] }));
  const index = new Map(scoped.map((c, i) => [c.revision, i]));
  for (const row of [...walked, ...readRows]) groups[index.get(row.revision)!].texts.push(row.text);
  const { evasive, phrases } = signals(groups, query.maxN);
  return {
    query,
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
  const joinPrompt = query.dataset ? `JOIN "Prompt" p ON p.id = c."promptId" AND p."datasetId" = $1` : "";
  const scope = `${query.dataset ? "" : "$1::int IS NULL AND "}($2::int IS NULL OR c."runId" = $2)`;
  const { rows } = await pgPool().query<{ revision: number; text: string }>(
    `SELECT s.revision, r.text FROM (
       SELECT 0 AS revision, w.rid FROM (
         SELECT c."initialResponseId" AS rid FROM "Chain" c ${joinPrompt}
         WHERE 0 = ANY($4::int[]) AND ${scope}
         ORDER BY hashint4(c."initialResponseId"), c."initialResponseId" LIMIT $3
       ) w
       UNION ALL
       SELECT k.revision, w.rid FROM unnest($4::int[]) k(revision) CROSS JOIN LATERAL (
         SELECT st."revisionId" AS rid FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" ${joinPrompt}
         WHERE st.index = k.revision AND ${scope}
         ORDER BY hashint4(st."revisionId"), st."revisionId" LIMIT $3
       ) w WHERE k.revision > 0
     ) s JOIN "Response" r ON r.id = s.rid`,
    [orNull(query.dataset), orNull(query.run), query.sample, revisions],
  );
  return rows;
}

/** The sample of revisions with few responses in scope: the scope's responses, cut by a hash threshold, then sorted. */
async function readSample(query: GoodhartQuery, counts: { revision: number; n: number }[]): Promise<{ revision: number; text: string }[]> {
  if (counts.length === 0) return [];
  // keep about 1.5 x sample rows (plus slack for small counts) before the exact cut
  const thresholds = counts.map((c) => Math.min(HASH_SPACE, Math.ceil(((1.5 * query.sample + 50) / c.n) * HASH_SPACE)));
  const { rows } = await pgPool().query<{ revision: number; text: string }>(
    `SELECT s.revision, r.text FROM (
       SELECT pts.revision, pts.rid, row_number() OVER (PARTITION BY pts.revision ORDER BY pts.h, pts.rid) AS k
       FROM (SELECT revision, rid, ${HASH("rid")} AS h FROM (${chainResponsesSql(query)}) p) pts
       JOIN unnest($3::int[], $4::int8[]) t(revision, threshold) ON t.revision = pts.revision AND pts.h < t.threshold
     ) s JOIN "Response" r ON r.id = s.rid
     WHERE s.k <= $5`,
    [orNull(query.dataset), orNull(query.run), counts.map((c) => c.revision), thresholds, query.sample],
  );
  return rows;
}

/**
 * By run: the dataset's SL-CAI and sampling runs in the order they were made (the latest
 * MAX_RUNS), each read through its final answers: a sampling run's samples, an SL-CAI run's last
 * response of each chain (its last revision, or the initial answer of a chain without one).
 */
async function goodhartByRun(query: GoodhartQuery): Promise<GoodhartData> {
  const db = pgPool();
  const { rows: runs } = await db.query<{ id: number; name: string; kind: "SL_CAI" | "SAMPLE" }>(
    `SELECT id, name, kind::text AS kind FROM (
       SELECT id, ${RUN_NAME_SQL} AS name, kind, "createdAt"
       FROM "Run" WHERE kind IN ('SL_CAI', 'SAMPLE') AND ($1::int IS NULL OR "datasetId" = $1)
       ORDER BY "createdAt" DESC, id DESC LIMIT ${MAX_RUNS}
     ) r ORDER BY "createdAt", id`,
    [orNull(query.dataset)],
  );
  const answers = (kind: "SL_CAI" | "SAMPLE") =>
    kind === "SAMPLE"
      ? `SELECT r.id AS rid FROM "Response" r WHERE r."runId" = $1 AND r.origin = 'SAMPLE'`
      : `SELECT coalesce(last."revisionId", c."initialResponseId") AS rid FROM "Chain" c
         LEFT JOIN LATERAL (SELECT st."revisionId" FROM "ChainStep" st WHERE st."chainId" = c.id ORDER BY st.index DESC LIMIT 1) last ON true
         WHERE c."runId" = $1`;
  const read = await Promise.all(
    runs.map(async (run) => {
      const { rows } = await db.query<{ n: number; texts: string[] | null }>(
        `WITH a AS (${answers(run.kind)}), s AS (SELECT rid FROM a ORDER BY hashint4(rid), rid LIMIT $2)
         SELECT (SELECT count(*) FROM a)::int AS n, (SELECT array_agg(r.text) FROM s JOIN "Response" r ON r.id = s.rid) AS texts`,
        [run.id, query.sample],
      );
      return { run, n: rows[0].n, texts: rows[0].texts ?? [] };
    }),
  );
  const scoped = read.filter((r) => r.n > 0);
  const { evasive, phrases } = signals(scoped.map((r) => ({ key: r.run.id, texts: r.texts })), query.maxN);
  return {
    query,
    revisions: [],
    runs: scoped.map((r, i) => ({ runId: r.run.id, name: r.run.name, kind: r.run.kind, responses: r.n, ...evasive[i] })),
    phrases,
  };
}

/**
 * Every chain response in scope as (revision, rid, chainId): revision 0 the initial response, k the
 * k-th revision. $1 is the dataset, $2 the SL-CAI run (either may be null).
 */
export function chainResponsesSql(query: { dataset?: number; run?: number }): string {
  const scope = `${query.dataset ? `JOIN "Prompt" p ON p.id = c."promptId" WHERE p."datasetId" = $1` : "WHERE $1::int IS NULL"} AND ($2::int IS NULL OR c."runId" = $2)`;
  return `SELECT 0 AS revision, c."initialResponseId" AS rid, c.id AS "chainId" FROM "Chain" c ${scope}
    UNION ALL
    SELECT st.index, st."revisionId", st."chainId" FROM "ChainStep" st JOIN "Chain" c ON c.id = st."chainId" ${scope}`;
}
