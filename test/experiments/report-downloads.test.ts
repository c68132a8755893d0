import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as reportRoute } from "@/app/api/experiments/[id]/report/route";
import { EXPERIMENT_CSV_COLUMNS, experimentReportCsv } from "@/lib/formats/experiment-report-csv";
import { forestLayout, forestRows, forestSvg } from "@/lib/formats/experiment-forest";
import type { ExperimentReport } from "@/lib/schemas/experiment-report";
import { prisma } from "@/lib/server/db";
import { experimentReport } from "@/lib/server/experiments/report";
import { pgPool } from "@/lib/server/pg";
import { signedInRequests } from "../auth/sessions";
import { runCli } from "../cli/run-cli";
import { experimentWorld, type ExperimentWorld } from "./fixtures";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

// The report's downloads: CSV with one row per statistic, the forest plot as SVG, the JSON route
// for anyone signed in, and `cai experiment report NAME --out DIR`. Arm v2 wins 8 of 10 prompts,
// ties 1 and loses 1 against v1 (report.test.ts works the numbers out).

const BASE = "http://studio.test";
const viewer = signedInRequests("VIEWER");
let world: ExperimentWorld;
let report: ExperimentReport;

beforeAll(async () => {
  world = await experimentWorld({
    prompts: 10,
    arms: ["v1", "=v2 <b>"].map((name) => ({ name, answer: (p: number) => ({ initial: `${name} answers ${p}`, steps: [{ principle: 0, text: `${name}, revised, answers ${p}` }] }) })),
    verdict: (_x, _y, p) => (p < 8 ? 0.2 : p === 8 ? 0.5 : 0.9),
    score: (arm, p, version) => (arm === 0 ? 1 : 1 + 0.1 * (p + 1) * version),
  });
  report = await experimentReport(world.experimentId, { resamples: 200 });
});

function csvRows(text: string): string[][] {
  // no field of this fixture holds a comma or quote
  return text
    .trimEnd()
    .split("\r\n")
    .map((line) => line.split(","));
}

describe("the report as CSV", () => {
  it("has one row per statistic under the expected header, with interval and p", () => {
    const [header, ...rows] = csvRows(experimentReportCsv(report));
    expect(header).toEqual([...EXPERIMENT_CSV_COLUMNS]);
    const column = (name: string) => header.indexOf(name);
    const winRate = rows.find((row) => row[column("section")] === "pair" && row[column("statistic")] === "win_rate")!;
    // an arm name a spreadsheet would run as a formula is written as text
    expect(winRate[column("arm")]).toBe("'=v2 <b>");
    expect(winRate[column("against")]).toBe("v1");
    expect(Number(winRate[column("n")])).toBe(10);
    expect(Number(winRate[column("value")])).toBe(0.85);
    expect(Number(winRate[column("p")])).toBe(0.0390625);
    expect(Number(winRate[column("low")])).toBeLessThan(0.85);
    expect(Number(winRate[column("high")])).toBeGreaterThan(0.85);
    expect(winRate[column("link")]).toBe(report.pairs[0].winRate.href);
    const statistics = rows.map((row) => `${row[column("section")]}:${row[column("statistic")]}`);
    for (const expected of [
      "counts:prompts",
      "counts:pairs_missing_verdict",
      "pair:wins",
      "pair:length_controlled_win_rate",
      "pair:score_delta",
      "principle:score_change",
      "failure_modes:evasive_share",
      "failure_modes:mean_length_chars",
    ]) {
      expect(statistics).toContain(expected);
    }
    const delta = rows.find((row) => row[column("statistic")] === "score_delta")!;
    expect(Number(delta[column("value")])).toBeCloseTo(0.55, 12);
    expect(Number(delta[column("p")])).toBe(0.001953125);
  });
});

describe("the forest plot", () => {
  it("puts each pair's win rate and interval on a 0-1 axis, and escapes the arms' names", () => {
    const layout = forestLayout(forestRows(report));
    const [row] = layout.rows;
    expect(row.label).toBe("=v2 <b> vs v1");
    expect(row.x).toBeCloseTo(layout.left + 0.85 * (layout.right - layout.left), 9);
    expect(row.xLow!).toBeLessThan(row.x!);
    const svg = forestSvg(report);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("=v2 &#60;b&#62; vs v1");
    expect(svg).not.toContain("<b>");
  });
});

describe("GET /api/experiments/[id]/report", () => {
  const call = (request: Request, id: number | string = world.experimentId) => reportRoute(request, { params: Promise.resolve({ id: String(id) }) });

  it("answers a viewer with the report as JSON, the same as experimentReport gives", async () => {
    const answer = await call(viewer(`${BASE}/api/experiments/${world.experimentId}/report?resamples=200`));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it("sends the CSV and the SVG as files", async () => {
    const csv = await call(viewer(`${BASE}/api/experiments/${world.experimentId}/report?format=csv&resamples=200`));
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="experiment-${world.experimentId}-report.csv"`);
    expect(await csv.text()).toBe(experimentReportCsv(report));
    const svg = await call(viewer(`${BASE}/api/experiments/${world.experimentId}/report?format=svg&resamples=200`));
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("refuses a request without a session, a bad query and an experiment that does not exist", async () => {
    const signedOut = await call(new Request(`${BASE}/api/experiments/${world.experimentId}/report`));
    expect(signedOut.status).toBe(401);
    expect((await call(viewer(`${BASE}/api/experiments/${world.experimentId}/report?resamples=3`))).status).toBe(400);
    expect((await call(viewer(`${BASE}/api/experiments/${world.experimentId}/report?resamples=20000`))).status).toBe(400);
    expect((await call(viewer(`${BASE}/api/experiments/2000000000/report`), 2_000_000_000)).status).toBe(404);
    expect((await call(viewer(`${BASE}/api/experiments/x/report`), "x")).status).toBe(400);
  });
});

describe("cai experiment report", () => {
  it("writes report.json, report.csv and report.svg for the experiment named", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "cai-experiment-report-"));
    try {
      const name = (await prisma.experiment.findUniqueOrThrow({ where: { id: world.experimentId }, select: { name: true } })).name;
      const result = await runCli(["experiment", "report", name, "--out", out, "--resamples", "200"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("win rate 0.850");
      expect(JSON.parse(readFileSync(path.join(out, "report.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(report)));
      expect(readFileSync(path.join(out, "report.csv"), "utf8")).toBe(experimentReportCsv(report));
      expect(readFileSync(path.join(out, "report.svg"), "utf8")).toContain("<svg");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("says which experiment it cannot find, and how it is called", async () => {
    const missing = await runCli(["experiment", "report", "no such experiment", "--out", tmpdir()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('there is no experiment "no such experiment"');
    const wrong = await runCli(["experiment", "report", "x"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("--out DIR is needed");
  });
});
