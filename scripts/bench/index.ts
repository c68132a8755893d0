// npm run bench [-- --prompts N] : the studio's speed and memory at paper scale, as ratios against
// baselines measured in the same run (these machines are noisy; absolute times are not the point).
// --skip-import, --skip-http, --skip-runs, --skip-export, --skip-experiment leave a part out;
// --only-export runs the export bench alone on the database a previous run filled, --only-experiment
// the experiment report's (on a database of its own, BENCH_EXPERIMENT_DATABASE_URL or the bench
// database's name + "_experiment", so its rows are in no other figure), --only-runs the run
// orchestration's (throughput, CPU per stored call, scale-out; on the bench database's name + "_runs");
// --embedded runs only the embedded database's bench (embedded.ts): page latency while an export
// and an import run.
import path from "node:path";
import { benchChartsAfterImport } from "./charts-after-import";
import { benchEmbedded } from "./embedded";
import { benchHttp, CHART_ENDPOINTS } from "./http-latency";
import { benchExperimentReport } from "./experiment-report";
import { benchExport } from "./export-vs-copy";
import { benchImport } from "./import-vs-copy";
import { benchOrchestration, labelingRun, slCaiRun, type Cpu } from "./orchestration";
import { benchSharedLimits } from "./shared-limits";
import { ensureChainsFile, PAPER_PROMPTS, STEPS_PER_CHAIN } from "./generate";
import { benchQueueTotal } from "./queue-total";
import { printTable, type Figure } from "./report";
import { migrateDatabase } from "../../test/setup/test-database";

const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/cai_studio_bench";
const WORK_DIR = path.resolve(".bench");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const prompts = Number(arg("prompts") ?? PAPER_PROMPTS);
const figures: Figure[] = [];
const only = ["export", "experiment", "runs"].find((part) => process.argv.includes(`--only-${part}`));
const embedded = process.argv.includes("--embedded");
const skip = (part: string) => process.argv.includes(`--skip-${part}`) || (only !== undefined && part !== only) || (embedded && part !== "embedded");

// issue 11: the default studio keeps answering while long work runs
if (embedded) {
  console.log("Embedded database: page latency while an export and an import run ...");
  const { importMs, phases } = await benchEmbedded(WORK_DIR);
  figures.push({ name: "embedded: CLI import of 20,000 chains into the running studio", value: `${(importMs / 1000).toFixed(1)} s` });
  const baseline = phases[0].p95;
  for (const p of phases) {
    figures.push({
      name: `embedded: pages while ${p.phase}`,
      value: `${p.requests} requests, p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms (${(p.p95 / baseline).toFixed(1)}x baseline), max ${p.max.toFixed(0)} ms${p.workMs ? `; work took ${(p.workMs / 1000).toFixed(1)} s` : ""}`,
      ...(p !== phases[0] && { target: "p95 <= 500 ms", ok: p.p95 <= 500 }),
    });
  }
}

// --skip-import measures the pages on the database a previous run filled
if (!skip("import")) {
  console.log(`Generating (or reusing) ${prompts.toLocaleString()} prompts x ${STEPS_PER_CHAIN} steps in ${WORK_DIR} ...`);
  const file = await ensureChainsFile(WORK_DIR, prompts);

  console.log("Import vs COPY ...");
  const copyUrl = BASE_URL.replace(/\/([^/]+)$/, "/$1_copy");
  const imported = await benchImport(file, BASE_URL, copyUrl, WORK_DIR);
  figures.push(
    { name: "import: rows written", value: `${imported.stats.promptsNew} prompts, ${imported.stats.steps} steps, ${imported.stats.responses} responses` },
    { name: "import: studio import path", value: `${(imported.importMs / 1000).toFixed(1)} s` },
    { name: "import: COPY FROM STDIN, same rows", value: `${(imported.copyMs / 1000).toFixed(1)} s` },
    { name: "import: time ratio import / COPY", value: (imported.importMs / imported.copyMs).toFixed(2), target: "<= 2.00", ok: imported.importMs / imported.copyMs <= 2 },
    { name: "import: peak RSS of the import process", value: `${imported.maxRssMb.toFixed(0)} MB`, target: "<= 300 MB", ok: imported.maxRssMb <= 300 },
  );
}

// a database a previous run filled gets the migrations made since
if (skip("import")) await migrateDatabase(BASE_URL);

if (!skip("http")) {
  console.log("Page latency over HTTP (production build) ...");
  const latency = await benchHttp(BASE_URL);
  const baseline = latency[0].p95;
  const targets: Record<string, number> = {
    "prompts page, 50 rows, search": 100,
    "GET /api/prompts, 50 rows, search": 100,
    "prompts page, 50 rows, dataset + deep cursor": 100,
    "prompt page (4-step chain)": 50,
    // issue 6: each chart's data endpoint at paper scale
    ...Object.fromEntries(Object.values(CHART_ENDPOINTS).map((name) => [name, 300])),
  };
  for (const l of latency) {
    const target = targets[l.name];
    figures.push({
      name: `http: ${l.name}`,
      value: `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms (${(l.p95 / baseline).toFixed(1)}x baseline)`,
      ...(target && { target: `p95 <= ${target} ms`, ok: l.p95 <= target }),
    });
  }
}

// issue 17: after a write leaves the chart summaries stale, charts answer at once while a worker
// rebuilds them; a review queue's total at paper scale (both on the database the import filled)
if (!skip("http")) {
  console.log("Chart requests while the summaries are rebuilt in the background ...");
  const charts = await benchChartsAfterImport(BASE_URL);
  figures.push(
    {
      name: "charts while stale: requests answered",
      value: `${charts.requests} (${charts.staleAnswers} saying their numbers are not current), p50 ${charts.p50.toFixed(0)} ms, p95 ${charts.p95.toFixed(0)} ms`,
    },
    { name: "charts while stale: slowest request", value: `${charts.max.toFixed(0)} ms (${charts.slowest})`, target: "<= 1000 ms", ok: charts.max <= 1000 },
    { name: "charts while stale: background rebuild", value: `${(charts.rebuildMs / 1000).toFixed(1)} s` },
  );
  console.log("A review queue's total at paper scale ...");
  const queue = await benchQueueTotal(BASE_URL);
  figures.push(
    { name: `review queue of ${queue.items.toLocaleString("en-US")} pairs: total after a change (recount)`, value: `${queue.recountMs.toFixed(1)} ms` },
    { name: "review queue: total, nothing changed", value: `p50 ${queue.p50.toFixed(2)} ms, max ${queue.max.toFixed(2)} ms` },
    { name: "review queue: total, p95", value: `${queue.p95.toFixed(2)} ms`, target: "<= 10 ms", ok: queue.p95 <= 10 },
  );
}

if (!skip("runs")) {
  const runsUrl = BASE_URL.replace(/\/([^/]+)$/, "/$1_runs");
  for (const [label, startRun] of [
    ["SL-CAI run", slCaiRun],
    ["labeling run, both orders", labelingRun],
  ] as const) {
    console.log(`${label} against the fake provider (100 ms a call, 32 at once) ...`);
    const runs = await benchOrchestration(runsUrl, startRun);
    const share = runs.callsPerSecond / runs.ideal;
    figures.push(
      { name: `${label}: calls stored`, value: `${runs.calls} in ${runs.seconds.toFixed(1)} s` },
      { name: `${label}: throughput`, value: `${runs.callsPerSecond.toFixed(0)} calls/s of ${runs.ideal} ideal` },
      { name: `${label}: share of ideal`, value: share.toFixed(2), target: ">= 0.80", ok: share >= 0.8 },
      {
        name: `${label}: raw client, no database (baseline)`,
        value: `${runs.rawClientCallsPerSecond!.toFixed(0)} calls/s (worker at ${(runs.callsPerSecond / runs.rawClientCallsPerSecond!).toFixed(2)}x)`,
      },
      { name: `${label}: worker peak RSS`, value: `${runs.workerPeakRssMb.toFixed(0)} MB`, target: "<= 300 MB", ok: runs.workerPeakRssMb <= 300 },
    );
  }

  // issue 17: the studio's own CPU per stored call, where the model costs nothing (2,000 prompts x 4 revisions)
  console.log("SL-CAI run against a provider that answers at once (18,000 calls, 64 at once) ...");
  const fast = await benchOrchestration(runsUrl, slCaiRun, { latencyMs: 0, concurrency: 64, targetCalls: 18_000, rawBaseline: false, warmUpCalls: 2_304 });
  const studioCpu = cpuTotal(fast.workerCpuMsPerCall) + cpuTotal(fast.postgresCpuMsPerCall);
  figures.push(
    { name: "zero latency: calls stored, throughput", value: `${fast.calls} in ${fast.seconds.toFixed(1)} s, ${fast.callsPerSecond.toFixed(0)} calls/s` },
    { name: "zero latency: worker CPU per call", value: cpuText(fast.workerCpuMsPerCall) },
    { name: "zero latency: Postgres CPU per call", value: cpuText(fast.postgresCpuMsPerCall) },
    { name: "zero latency: fake provider CPU per call (baseline)", value: cpuText(fast.providerCpuMsPerCall) },
    {
      name: "zero latency: studio CPU per call (worker + Postgres)",
      value: `${studioCpu.toFixed(2)} ms (${(studioCpu / cpuTotal(fast.providerCpuMsPerCall)).toFixed(1)}x the provider's)`,
      target: "<= 1.00 ms",
      ok: studioCpu <= 1,
    },
  );

  // issue 17: a second worker on the same Postgres, on a slow endpoint (500 ms a call, 64 items at once in each)
  // each worker warmed up by two rounds of its 64 items first (orchestration.ts says why)
  const slow = { latencyMs: 500, concurrency: 64, targetCalls: 4_608, rawBaseline: false };
  console.log("Scale-out: SL-CAI run at 500 ms a call, one worker, then two ...");
  const one = await benchOrchestration(runsUrl, slCaiRun, { ...slow, warmUpCalls: 2 * 64 * 9 });
  const two = await benchOrchestration(runsUrl, slCaiRun, { ...slow, workers: 2, warmUpCalls: 2 * 2 * 64 * 9 });
  const scaleOut = two.callsPerSecond / one.callsPerSecond;
  figures.push(
    { name: "scale-out: one worker", value: `${one.callsPerSecond.toFixed(0)} calls/s of ${one.ideal} ideal` },
    { name: "scale-out: two workers", value: `${two.callsPerSecond.toFixed(0)} calls/s of ${two.ideal} ideal` },
    { name: "scale-out: two workers / one", value: scaleOut.toFixed(2), target: ">= 1.70", ok: scaleOut >= 1.7 },
    { name: "scale-out: items claimed more than once", value: String(one.itemsWorkedTwice + two.itemsWorkedTwice), target: "0", ok: one.itemsWorkedTwice + two.itemsWorkedTwice === 0 },
  );

  // issue 17: an endpoint's limits hold across three workers (docs/decisions/014)
  console.log("Endpoint limits across three workers (20 at once, 600 a minute, for 70 s), then one worker alone ...");
  const shared = await benchSharedLimits(runsUrl);
  const { workers: three, alone } = shared;
  figures.push(
    { name: "limits, 3 workers: requests the provider saw, 429s", value: `${three.received} in ${three.seconds.toFixed(0)} s, ${three.rejected} answered 429` },
    { name: "limits, 3 workers: most at once", value: String(three.maxInFlight), target: "<= 20", ok: three.maxInFlight <= 20 },
    { name: "limits, 3 workers: most in any 60 s", value: String(three.mostInAnyMinute), target: "<= 600", ok: three.mostInAnyMinute <= 600 },
    { name: "limits, 3 workers: leases left after they stopped", value: String(three.leasesLeft), target: "0", ok: three.leasesLeft === 0 },
    {
      name: "limits, 1 worker alone on 20 at once: share of ideal",
      value: `${(alone.callsPerSecond / alone.ideal).toFixed(2)} (${alone.callsPerSecond.toFixed(0)} of ${alone.ideal} calls/s)`,
      target: ">= 0.80",
      ok: alone.callsPerSecond / alone.ideal >= 0.8,
    },
  );
}

// issue 7: exports against COPY TO STDOUT of the same SELECT, on the database the import filled
if (!skip("export")) {
  console.log("Export vs COPY TO STDOUT ...");
  for (const e of await benchExport(BASE_URL, WORK_DIR)) {
    const ratio = e.exportMs / e.copyMs;
    figures.push(
      {
        name: `export ${e.label}: rows read, written, bytes`,
        value: `${e.selected.toLocaleString("en-US")} read, ${e.rows.toLocaleString("en-US")} written, ${(e.bytes / 1024 ** 2).toFixed(0)} MB`,
      },
      { name: `export ${e.label}: studio export`, value: `${(e.exportMs / 1000).toFixed(1)} s` },
      { name: `export ${e.label}: COPY TO STDOUT, same SELECT`, value: `${(e.copyMs / 1000).toFixed(1)} s (${(e.copyBytes / 1024 ** 2).toFixed(0)} MB)` },
      { name: `export ${e.label}: time ratio export / COPY`, value: ratio.toFixed(2), target: "<= 2.00", ok: ratio <= 2 },
      { name: `export ${e.label}: peak RSS of the export process`, value: `${e.maxRssMb.toFixed(0)} MB`, target: "<= 250 MB", ok: e.maxRssMb <= 250 },
    );
  }
}

// issue 15: an experiment's report data at 10,000 prompts x 2 arms, in a dataset of its own
if (!skip("experiment")) {
  console.log("Experiment report at 10,000 prompts x 2 arms x 4 revisions ...");
  const e = await benchExperimentReport(process.env.BENCH_EXPERIMENT_DATABASE_URL ?? BASE_URL.replace(/\/([^/]+)$/, "/$1_experiment"));
  figures.push(
    { name: "experiment report: synthetic experiment made (0 when reused)", value: `${(e.buildMs / 1000).toFixed(1)} s` },
    {
      name: `experiment report: data of ${e.prompts.toLocaleString("en-US")} prompts x 2 arms`,
      value: `p50 ${e.p50.toFixed(0)} ms, p95 ${e.p95.toFixed(0)} ms, max ${e.max.toFixed(0)} ms`,
      target: "p95 <= 1000 ms",
      ok: e.p95 <= 1000,
    },
  );
}

printTable(figures);

function cpuTotal(cpu: Cpu): number {
  return cpu.user + cpu.system;
}

function cpuText(cpu: Cpu): string {
  return `${cpuTotal(cpu).toFixed(2)} ms (user ${cpu.user.toFixed(2)}, system ${cpu.system.toFixed(2)})`;
}
