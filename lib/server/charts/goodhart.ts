import "server-only";
import { evasiveShare, ngramGrowth, type TextGroup } from "@/lib/cai/charts";
import type { GoodhartData, GoodhartQuery } from "@/lib/schemas/charts";
import { pgPool } from "../pg";
import { orNull } from "./sql";

// Goodhart and evasiveness signals: phrases whose document frequency grows with the number of
// revisions (lib/cai/charts' ngramGrowth) and the share of evasive answers per revision number
// (isEvasive). Both read texts, which cannot all be read per request at paper scale (731,324
// revisions), so each revision number is read through a deterministic sample: the `sample`
// responses with the smallest hashint4 of their id. The same data gives the same sample on every
// request and every machine. Counting the responses first lets the sample's query skip, by a hash
// threshold, all but about 1.5 x sample rows per revision before it sorts them.

const HASH = (column: string) => `(hashint4(${column})::int8 + 2147483648)`;
const HASH_SPACE = 2 ** 32;

export async function goodhartSignals(query: GoodhartQuery): Promise<GoodhartData> {
  const db = pgPool();
  const points = chainResponsesSql(query);
  const { rows: counts } = await db.query<{ revision: number; n: number }>(
    `SELECT revision, count(*)::int AS n FROM (${points}) pts GROUP BY 1 ORDER BY 1`,
    [orNull(query.dataset), orNull(query.run)],
  );
  if (counts.length === 0) return { query, revisions: [], phrases: [] };
  // keep about 1.5 x sample rows (plus slack for small counts) before the exact cut
  const thresholds = counts.map((c) => Math.min(HASH_SPACE, Math.ceil(((1.5 * query.sample + 50) / c.n) * HASH_SPACE)));
  const { rows } = await db.query<{ revision: number; text: string }>(
    `SELECT s.revision, r.text FROM (
       SELECT pts.revision, pts.rid, row_number() OVER (PARTITION BY pts.revision ORDER BY pts.h, pts.rid) AS k
       FROM (SELECT revision, rid, ${HASH("rid")} AS h FROM (${points}) p) pts
       JOIN unnest($3::int[], $4::int8[]) t(revision, threshold) ON t.revision = pts.revision AND pts.h < t.threshold
     ) s JOIN "Response" r ON r.id = s.rid
     WHERE s.k <= $5`,
    [orNull(query.dataset), orNull(query.run), counts.map((c) => c.revision), thresholds, query.sample],
  );
  const groups: TextGroup[] = counts.map((c) => ({ key: c.revision, texts: [] }));
  const index = new Map(counts.map((c, i) => [c.revision, i]));
  for (const row of rows) groups[index.get(row.revision)!].texts.push(row.text);
  const evasive = evasiveShare(groups);
  return {
    query,
    revisions: counts.map((c, i) => ({ revision: c.revision, responses: c.n, sampled: evasive[i].total, evasive: evasive[i].evasive, evasiveShare: evasive[i].share })),
    phrases: groups.length < 2 ? [] : ngramGrowth(groups, { minN: 2, maxN: query.maxN, minCount: 2, top: 20 }),
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
