// EXPLAIN ANALYZE of the review-queue queries on a labeling run at the paper's scale (generate.sql:
// 182,831 verdicts, 160,000 imported labels, 6,100 review answers). Runs the exact SQL the services
// run, three times each, and prints the median execution time and the plan's top nodes. The
// expression and partial indexes these queries rely on come with the migrations (review_queue_indexes),
// so a migrated database measures them; README.md has the numbers and how to measure without them.
//
//   psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE cai_studio_review_explain'
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cai_studio_review_explain npx prisma migrate deploy
//   psql -h 127.0.0.1 -U postgres -d cai_studio_review_explain -f test/review/explain/generate.sql
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cai_studio_review_explain npx tsx --conditions=react-server test/review/explain/explain-queue.ts [--plans]
import { Kysely, PostgresDialect, sql, type RawBuilder } from "kysely";
import pg from "pg";
import type { DB } from "../../../lib/generated/db/types";
import type { Criteria, StoredCriteria } from "../../../lib/schemas/review";
import { answeredBySql, completeSql, itemFilterConditions, queueItemsSql } from "../../../lib/server/review/criteria";
import { itemPageSql } from "../../../lib/server/review/items";
import type { QueueRecord } from "../../../lib/server/review/queue-record";

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
// only to compile the services' statements (Kysely sql templates) to text and parameters
const compiler = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) }) });
const compiled = (statement: RawBuilder<unknown>) => {
  const { sql: text, parameters } = statement.compile(compiler);
  return { text, values: [...parameters] };
};
const showPlans = process.argv.includes("--plans");
const USER = "user1";

const CRITERIA: Criteria[] = [
  { kind: "low-confidence", threshold: 0.1 },
  { kind: "flips" },
  { kind: "principle-disagreement", threshold: 0.2 },
  { kind: "cot-clamp-gap", threshold: 0.1 },
  { kind: "spot-check", seed: "explain", size: 1000 },
  { kind: "all" },
];

function queue(criteria: StoredCriteria): QueueRecord {
  return {
    id: 1,
    name: "explain",
    datasetId: 1,
    labelRunId: 1,
    criteria,
    reviewersPerItem: 2,
    blindByDefault: true,
    sideSeed: null,
    adjudicationThreshold: null,
    createdById: null,
    createdAt: new Date(),
    archivedAt: null,
  };
}

async function explain(statement: RawBuilder<unknown>): Promise<{ ms: number; plan: string }> {
  const sql = compiled(statement);
  const times: number[] = [];
  let plan = "";
  for (let i = 0; i < 3; i++) {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, FORMAT TEXT) ${sql.text}`, sql.values);
    const lines = rows.map((row: Record<string, string>) => row["QUERY PLAN"]);
    times.push(Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1)!)![1]));
    plan = lines.join("\n");
  }
  return { ms: times.sort((a, b) => a - b)[1], plan };
}

const results: Record<string, string | number>[] = [];
for (const kind of CRITERIA) {
  // a spot check's sample is drawn once, when the queue is made, as createQueue does
  let criteria: StoredCriteria = kind;
  if (kind.kind === "spot-check") {
    const draw = compiled(queueItemsSql(queue(kind)));
    const started = performance.now();
    const { rows } = await client.query(`SELECT id FROM (${draw.text}) i ORDER BY i.rank, i.id`, draw.values);
    results.push({ criterion: "spot-check", items: rows.length, query: "draw the sample (once, at creation)", ms: Math.round((performance.now() - started) * 1000) / 1000 });
    criteria = { ...kind, drawn: rows.map((row) => row.id) };
  }
  const q = queue(criteria);
  const items = queueItemsSql(q);
  const itemsSql = compiled(items);
  const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM (${itemsSql.text}) i`, itemsSql.values)).rows;
  const middle = (await client.query(`SELECT i.id, i.rank FROM (${itemsSql.text}) i ORDER BY i.rank, i.id OFFSET ${Math.floor(n / 2)} LIMIT 1`, itemsSql.values)).rows[0];
  const here = sql`(${middle.rank}::float8, ${middle.id}::int)`;
  const filter = itemFilterConditions({ show: "todo", unreviewed: true, userId: USER, reviewersPerItem: 2 });
  const cases: [string, RawBuilder<unknown>][] = [
    ["first page, to do, not mine", itemPageSql(q, { show: "todo", unreviewed: true }, USER, 51)],
    ["page from the middle, all", itemPageSql(q, { show: "all", unreviewed: false, after: { rank: middle.rank, id: middle.id } }, USER, 51)],
    ["next item, to do, not mine", sql`SELECT i.id FROM (${items}) i WHERE (i.rank, i.id) > ${here} AND ${sql.join(filter, sql` AND `)} ORDER BY i.rank, i.id LIMIT 1`],
    ["position of an item", sql`SELECT count(*) FROM (${items}) i WHERE (i.rank, i.id) < ${here}`],
    ["total", sql`SELECT count(*) FROM (${items}) i`],
    ["done", sql`SELECT count(*) FROM (${items}) i WHERE i.id IN (${completeSql(2)})`],
    ["mine", sql`SELECT count(*) FROM (${items}) i WHERE ${answeredBySql(USER)}`],
    ["is it in the queue", sql`SELECT 1 FROM (${items}) i WHERE i.id = ${middle.id}::int`],
  ];
  for (const [name, statement] of cases) {
    const { ms, plan } = await explain(statement);
    results.push({ criterion: criteria.kind, items: n, query: name, ms });
    if (showPlans) console.log(`\n== ${criteria.kind}: ${name} (${ms} ms)\n${plan}`);
  }
}
console.table(results);
await client.end();
await compiler.destroy();
