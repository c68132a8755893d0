// charts-after-import.ts's measurement, on the database in DATABASE_URL. Prints one JSON line: {timesMs, staleAnswers, rebuildMs, slowest}.
import { sql } from "kysely";
import { goodhartQuerySchema, pmByRevisionQuerySchema, positionBiasQuerySchema, principleQuerySchema, scoreScatterQuerySchema, type SummaryFreshness } from "@/lib/schemas/charts";
import { goodhartSignals } from "@/lib/server/charts/goodhart";
import { pmByRevision } from "@/lib/server/charts/pm-by-revision";
import { positionBiasChart } from "@/lib/server/charts/position-bias";
import { principleAnalytics } from "@/lib/server/charts/principles";
import { ChartSummaryRebuilds } from "@/lib/server/charts/rebuild-jobs";
import { scoreScatter } from "@/lib/server/charts/score-scatter";
import { currentSummaries } from "@/lib/server/charts/summaries";
import { db } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { ensureChartData } from "./chart-data";

const SCORE = "bench_after_import";
const pool = pgPool();
const client = await pool.connect();
// with the summaries current
const data = await ensureChartData(client).finally(() => client.release());

// the queries of http-latency.ts's chart endpoints that read summaries
const charts: [string, () => Promise<{ summaries: SummaryFreshness | null }>][] = [
  ["pm-by-revision", () => pmByRevision(pmByRevisionQuerySchema.parse({ dataset: data.datasetId }))],
  ["principles", () => principleAnalytics(principleQuerySchema.parse({ dataset: data.datasetId, labelRun: data.labelRunId }))],
  ["position-bias", () => positionBiasChart(positionBiasQuerySchema.parse({ run: data.labelRunId }))],
  ["goodhart", () => goodhartSignals(goodhartQuerySchema.parse({ dataset: data.datasetId }))],
  ["harmless-vs-helpful", () => scoreScatter(scoreScatterQuerySchema.parse({ dataset: data.datasetId, x: "pm_score", y: "pm_score" }))],
];
const timesMs: number[] = [];
let staleAnswers = 0;
let slowest = "";
const request = async (i: number) => {
  const [name, chart] = charts[i % charts.length];
  const started = performance.now();
  const answer = await chart();
  const ms = performance.now() - started;
  if (ms > Math.max(0, ...timesMs)) slowest = name;
  timesMs.push(ms);
  if (answer.summaries && !answer.summaries.current) staleAnswers++;
};

// the import's write: 5,000 scores in one statement, more than the triggers follow row by row
await sql`INSERT INTO "Score" ("responseId", source, name, value)
  SELECT id, 'IMPORTED', ${SCORE}, 0.5 FROM "Response" WHERE "promptId" IN (SELECT id FROM "Prompt" WHERE "datasetId" = ${data.datasetId}) ORDER BY id LIMIT 5000`.execute(db);
if (!(await stale())) throw new Error("the summaries were not marked stale");
// one round before any worker sweeps, then requests one after another while a worker's sweep rebuilds
for (let i = 0; i < charts.length; i++) await request(i);
const worker = new ChartSummaryRebuilds({ workerId: "bench", pollMs: 500, staleSeconds: 30, log: () => {} });
const rebuildStarted = performance.now();
await worker.sweep();
let rebuildMs: number | undefined;
const rebuilt = worker.stop().then(() => (rebuildMs = performance.now() - rebuildStarted));
for (let i = 0; rebuildMs === undefined; i++) await request(i);
await rebuilt;

await sql`DELETE FROM "Score" WHERE name = ${SCORE}`.execute(db);
await currentSummaries();
await pool.end();
console.log(JSON.stringify({ timesMs, staleAnswers, rebuildMs, slowest }));

async function stale(): Promise<boolean> {
  const state = await db.selectFrom("ChartSummaryState").select("stale").where("name", "=", "charts").executeTakeFirstOrThrow();
  return state.stale;
}
