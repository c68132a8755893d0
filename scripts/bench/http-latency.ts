import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { insertUserWithPassword } from "../../lib/server/auth/accounts";
import { dbOn } from "../../lib/server/db";
import { ensureBuild } from "../studio/ensure-build";
import { waitForHttp } from "../studio/wait-for-http";
import { ensureChartData } from "./chart-data";
import { SEARCH_WORDS } from "./generate";

// Latency of the pages a researcher waits on, over HTTP against the production build, on the
// paper-scale database the import bench just filled, signed in as a viewer (so every page and API
// request pays for its session check, as a researcher's does). A static file from the same server
// is the baseline: what any request costs on this machine right now.

export interface LatencyFigures {
  name: string;
  p50: number;
  p95: number;
  requests: number;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const WARMUP = 20;
const REQUESTS = 200;

export async function benchHttp(databaseUrl: string): Promise<LatencyFigures[]> {
  await ensureBuild(ROOT);
  const server = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(PORT)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(PORT), BETTER_AUTH_SECRET: randomBytes(32).toString("base64url") },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let exited = false;
  server.on("exit", () => (exited = true));
  try {
    const base = `http://127.0.0.1:${PORT}`;
    if (!(await waitForHttp(`${base}/sign-in`, () => exited))) throw new Error("next start did not answer");
    cookie = await signInViewer(databaseUrl, base);
    const { promptIds, datasetId } = await samplePrompts(databaseUrl);
    const searches = [SEARCH_WORDS.common, SEARCH_WORDS.medium, SEARCH_WORDS.rare, `${SEARCH_WORDS.common} ${SEARCH_WORDS.medium}`];
    const pick = <T>(list: T[], i: number) => list[i % list.length];
    return [
      await measure("baseline: a static file", () => `${base}/favicon.svg`),
      await measure("prompts page, 50 rows, search", (i) => `${base}/prompts?q=${encodeURIComponent(pick(searches, i))}`),
      // asked for, not the default: also in every answer, revision and critique (914k responses)
      await measure("prompts page, 50 rows, search in answers too", (i) => `${base}/prompts?in=all&q=${encodeURIComponent(pick(searches, i))}`),
      await measure("GET /api/prompts, 50 rows, search", (i) => `${base}/api/prompts?q=${encodeURIComponent(pick(searches, i))}`),
      await measure("prompts page, 50 rows, dataset + deep cursor", (i) => `${base}/prompts?dataset=${datasetId}&before=${pick(promptIds, i * 7)}`),
      await measure("prompt page (4-step chain)", (i) => `${base}/prompts/${pick(promptIds, i)}`),
      ...(await benchChartEndpoints(databaseUrl, base)),
    ];
  } finally {
    server.kill("SIGTERM");
  }
}

let cookie = "";

/** A viewer made for this run, signed in through Better Auth's route; answers the session cookie. */
async function signInViewer(databaseUrl: string, base: string): Promise<string> {
  const person = { email: `bench-${randomBytes(4).toString("hex")}@bench.test`, name: "Bench viewer", role: "VIEWER" as const, password: randomBytes(12).toString("hex") };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await insertUserWithPassword(client, person);
  } finally {
    await client.end();
  }
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email: person.email, password: person.password }),
  });
  const session = response.headers.getSetCookie().find((line) => line.includes("session_token="));
  if (!response.ok || !session) throw new Error(`signing the bench viewer in answered ${response.status}`);
  return session.split(";")[0]!;
}

/** The chart data endpoints: each aggregates the whole paper-scale dataset, so fewer requests. */
export const CHART_ENDPOINTS = {
  pm: "GET /api/charts/pm-by-revision, whole dataset",
  softLabels: "GET /api/charts/soft-labels, labeling run",
  calibration: "GET /api/charts/calibration, labeling run",
  positionBias: "GET /api/charts/position-bias, labeling run",
  principles: "GET /api/charts/principles, whole dataset and labeling run",
  goodhart: "GET /api/charts/goodhart, whole dataset (sampled texts)",
  scoreScatter: "GET /api/charts/harmless-vs-helpful, whole dataset",
} as const;

async function benchChartEndpoints(databaseUrl: string, base: string): Promise<LatencyFigures[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let data;
  try {
    data = await ensureChartData(client);
  } finally {
    await client.end();
  }
  const run = data.labelRunId;
  const few = { warmup: 3, requests: 40 };
  return [
    await measure(CHART_ENDPOINTS.pm, () => `${base}/api/charts/pm-by-revision?dataset=${data.datasetId}`, few),
    await measure(CHART_ENDPOINTS.softLabels, () => `${base}/api/charts/soft-labels?run=${run}`, few),
    await measure(CHART_ENDPOINTS.calibration, () => `${base}/api/charts/calibration?run=${run}`, few),
    await measure(CHART_ENDPOINTS.positionBias, () => `${base}/api/charts/position-bias?run=${run}`, few),
    await measure(CHART_ENDPOINTS.principles, () => `${base}/api/charts/principles?dataset=${data.datasetId}&labelRun=${run}`, few),
    await measure(CHART_ENDPOINTS.goodhart, () => `${base}/api/charts/goodhart?dataset=${data.datasetId}`, few),
    // the bench stores one kind of score (pm_score): plotted against itself, it still joins and samples every scored response
    await measure(CHART_ENDPOINTS.scoreScatter, () => `${base}/api/charts/harmless-vs-helpful?dataset=${data.datasetId}&x=pm_score&y=pm_score`, few),
  ];
}

async function measure(name: string, url: (i: number) => string, { warmup = WARMUP, requests = REQUESTS } = {}): Promise<LatencyFigures> {
  for (let i = 0; i < warmup; i++) await timedGet(url(i));
  const times: number[] = [];
  for (let i = 0; i < requests; i++) times.push(await timedGet(url(warmup + i)));
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { name, p50: at(0.5), p95: at(0.95), requests };
}

async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

/** Prompt ids spread over the whole table, in a fixed order. */
async function samplePrompts(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await dbOn(client)
      .selectFrom("Prompt")
      .select(["id", "datasetId"])
      .where(sql<boolean>`id % 997 = 0`)
      .orderBy("id")
      .execute();
    return { promptIds: rows.map((r) => r.id), datasetId: rows[0].datasetId };
  } finally {
    await client.end();
  }
}
