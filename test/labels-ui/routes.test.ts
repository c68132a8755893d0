import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as comparisonCalls } from "@/app/api/comparisons/[id]/calls/route";
import { GET as comparison } from "@/app/api/comparisons/[id]/route";
import { GET as comparisons } from "@/app/api/comparisons/route";
import { POST as createLabelRun } from "@/app/api/labels/runs/route";
import { GET as pairSelection } from "@/app/api/labels/runs/selection/route";
import { POST as createSampleRun } from "@/app/api/labels/sample-runs/route";
import { POST as makePairs } from "@/app/api/pairs/route";
import { GET as pairPreview } from "@/app/api/pairs/preview/route";
import { GET as pairSources } from "@/app/api/pairs/sources/route";
import { POST as cancel } from "@/app/api/runs/[id]/cancel/route";
import { GET as runPairs } from "@/app/api/runs/[id]/pairs/route";
import { GET as summary } from "@/app/api/runs/[id]/summary/route";
import type { ComparisonPage } from "@/lib/schemas/comparisons";
import type { LabelRunSummary, PairResult } from "@/lib/schemas/labels";
import type { ComparisonViewData } from "@/lib/server/comparisons/detail";
import type { RunPairsPage } from "@/lib/server/comparisons/run-pairs";
import { prisma } from "@/lib/server/db";
import { importFile } from "@/lib/server/imports/import-file";
import { pgPool } from "@/lib/server/pg";
import { FIXTURES, uniqueName } from "../imports/helpers";
import { endpointRow, labeledWorld, type LabeledWorld } from "./fixtures";
import { signedInRequests } from "../auth/sessions";

let world: LabeledWorld;
beforeAll(async () => {
  world = await labeledWorld();
});
afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const BASE = "http://studio.test";
const context = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });
// every request comes from a signed-in admin's page (routes refuse anyone else: test/auth/routes.test.ts)
const request = signedInRequests("ADMIN");
const get = (path: string) => request(`${BASE}${path}`);
const post = (path: string, body: string | object) =>
  request(`${BASE}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function answer<T = { error: string }>(response: Response, status: number): Promise<T> {
  const body = await response.json();
  expect({ status: response.status, body }).toMatchObject({ status });
  return body as T;
}

describe("GET /api/comparisons", () => {
  it("answers a page of the table, filtered", async () => {
    const page = await answer<ComparisonPage>(await comparisons(get(`/api/comparisons?dataset=${world.datasetId}&judged=no`)), 200);
    expect(page.rows.map((r) => r.id)).toEqual([world.comparisonIds[2]]);
  });

  it("names the parameter it cannot read, and answers 404 for a run that does not exist", async () => {
    expect((await answer(await comparisons(get("/api/comparisons?judged=maybe")), 400)).error).toMatch(/^judged: /);
    expect((await answer(await comparisons(get("/api/comparisons?before=soon")), 400)).error).toMatch(/^before: /);
    expect((await answer(await comparisons(get("/api/comparisons?source=HUMAN")), 400)).error).toMatch(/^source: /);
    expect(await answer(await comparisons(get("/api/comparisons?run=2000000000")), 404)).toEqual({
      error: "run: there is no run 2000000000",
      fields: [{ path: "run", message: "there is no run 2000000000" }],
    });
  });
});

describe("GET /api/comparisons/[id] and its calls", () => {
  it("answers the comparison with its labels, scoped to a run when asked", async () => {
    const id = world.comparisonIds[0];
    const view = await answer<ComparisonViewData>(await comparison(get(`/api/comparisons/${id}?run=${world.labelRunId}`), context(id)), 200);
    expect(view).toMatchObject({ id, scope: { kind: "run" }, nextId: world.comparisonIds[1] });
    expect(view.judgments[0].principles).toHaveLength(2);
  });

  it("answers 400 for an id that is not one and 404 for one that does not exist", async () => {
    expect((await answer(await comparison(get("/api/comparisons/abc"), context("abc")), 400)).error).toMatch(/^id: /);
    expect((await answer(await comparison(get("/api/comparisons/1?run=x"), context(1)), 400)).error).toMatch(/^run: /);
    expect(await answer(await comparison(get("/api/comparisons/2000000000"), context(2_000_000_000)), 404)).toEqual({ error: "there is no comparison 2000000000", fields: [] });
  });

  it("answers the calls behind a label, and names a bad id list", async () => {
    const id = world.comparisonIds[0];
    const call = world.answerCalls.get(id)![0];
    const calls = await answer<{ id: number }[]>(await comparisonCalls(get(`/api/comparisons/${id}/calls?ids=${call}`), context(id)), 200);
    expect(calls.map((c) => c.id)).toEqual([call]);
    expect((await answer(await comparisonCalls(get(`/api/comparisons/${id}/calls?ids=a,b`), context(id)), 400)).error).toMatch(/^ids: /);
    expect((await answer(await comparisonCalls(get(`/api/comparisons/${id}/calls`), context(id)), 400)).error).toMatch(/^ids: /);
  });
});

describe("POST /api/pairs and GET /api/pairs/sources", () => {
  it("refuses a body that is not JSON, and names what is missing", async () => {
    expect(await answer(await makePairs(post("/api/pairs", "{not json")), 400)).toEqual({ error: "The request body must be a JSON object.", fields: [] });
    expect((await answer(await makePairs(post("/api/pairs", {})), 400)).error).toMatch(/^mode: /);
    expect((await answer(await makePairs(post("/api/pairs", { mode: "chain" })), 400)).error).toMatch(/^datasetId: /);
    expect((await answer(await makePairs(post("/api/pairs", { mode: "chain", datasetId: 1, points: "first-last" })), 400)).error).toMatch(/^points: /);
  });

  it("makes initial-vs-final pairs from imported chains once, and says so the second time", async () => {
    const name = uniqueName("pairs-route");
    const imported = await importFile({ path: path.join(FIXTURES, "sl-chains.jsonl"), fileName: "sl-chains.jsonl", dataset: name });
    const datasetId = imported.dataset!.id;
    const sources = await answer<{ chains: number; importedChains: number }>(await pairSources(get(`/api/pairs/sources?datasetId=${datasetId}`)), 200);
    expect(sources).toMatchObject({ chains: 3, importedChains: 3 });
    // the form's count before anyone presses the button: what the same request would do
    const preview = (query: string) => pairPreview(get(`/api/pairs/preview?${query}`));
    expect(await answer<PairResult>(await preview(`mode=chain&datasetId=${datasetId}`), 200)).toEqual({ created: 3, existing: 0, identical: 0 });
    expect(await answer<PairResult>(await preview(`mode=chain&datasetId=${datasetId}&points=consecutive`), 200)).toEqual({ created: 7, existing: 0, identical: 0 });
    expect((await answer(await preview(`mode=chain&datasetId=${datasetId}&points=first-last`), 400)).error).toMatch(/^points: /);
    expect(await answer<PairResult>(await makePairs(post("/api/pairs", { mode: "chain", datasetId })), 200)).toEqual({ created: 3, existing: 0, identical: 0 });
    expect(await answer<PairResult>(await preview(`mode=chain&datasetId=${datasetId}`), 200)).toEqual({ created: 0, existing: 3, identical: 0 });
    expect(await answer<PairResult>(await makePairs(post("/api/pairs", { mode: "chain", datasetId, points: "initial-final" })), 200)).toEqual({ created: 0, existing: 3, identical: 0 });
  });

  it("answers 404 for the sources of a dataset that does not exist, 400 for no dataset", async () => {
    expect((await answer(await pairSources(get("/api/pairs/sources?datasetId=2000000000")), 404)).error).toMatch(/^datasetId: there is no dataset/);
    expect((await answer(await pairSources(get("/api/pairs/sources")), 400)).error).toMatch(/^datasetId: /);
  });
});

describe("labeling runs: POST /api/labels/runs and the selection count", () => {
  const base = () => ({ datasetId: world.datasetId, endpointId: world.endpointId, constitutionVersionId: world.versionId });

  it("names every wrong field", async () => {
    expect(await answer(await createLabelRun(post("/api/labels/runs", "nope")), 400)).toEqual({ error: "The request body must be a JSON object.", fields: [] });
    const { error } = await answer(
      await createLabelRun(post("/api/labels/runs", { principlesPerPair: 0, clamp: { low: 0.7, high: 0.6 }, method: { kind: "sampled", k: 1 }, pairs: { source: "HUMAN" } })),
      400,
    );
    for (const field of ["datasetId", "endpointId", "constitutionVersionId", "principlesPerPair", "clamp.low", "method.k", "pairs.source"])
      expect(error).toMatch(new RegExp(`(^|; )${field.replace(".", "\\.")}: `));
  });

  it("answers 404 for what does not exist and refuses log-probs from an endpoint without them", async () => {
    expect((await answer(await createLabelRun(post("/api/labels/runs", { ...base(), endpointId: 2_000_000_000 })), 404)).error).toBe("endpointId: there is no endpoint 2000000000");
    expect((await answer(await createLabelRun(post("/api/labels/runs", { ...base(), datasetId: 2_000_000_000 })), 404)).error).toMatch(/^datasetId: /);
    expect((await answer(await createLabelRun(post("/api/labels/runs", { ...base(), constitutionVersionId: 2_000_000_000 })), 404)).error).toMatch(/^constitutionVersionId: /);
    const claude = await endpointRow("ANTHROPIC", false);
    expect((await answer(await createLabelRun(post("/api/labels/runs", { ...base(), endpointId: claude.id })), 400)).error).toMatch(/^method: .*no log-probs/);
    expect((await answer(await createLabelRun(post("/api/labels/runs", { ...base(), principlesPerPair: 3 })), 400)).error).toMatch(/^principlesPerPair: /);
  });

  it("starts a run (201) over the selected pairs", async () => {
    const started = await answer<{ runId: number; items: number }>(
      await createLabelRun(post("/api/labels/runs", { ...base(), name: "from the route", pairs: { source: "IMPORTED" }, method: { kind: "sampled", k: 4 } })),
      201,
    );
    // nothing listens at this endpoint; stop the run before any worker on the database tries it
    await answer(await cancel(request(`${BASE}/api/runs/${started.runId}/cancel`, { method: "POST" }), context(started.runId)), 200);
    expect(started.items).toBe(1);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: started.runId } });
    expect(run).toMatchObject({ kind: "LABEL", name: "from the route" });
    expect(run.config).toMatchObject({ method: { kind: "sampled", k: 4 }, bothOrders: true, clamp: { low: 0.4, high: 0.6 } });
  });

  it("counts the pairs a selection covers, as the run would", async () => {
    const count = async (query: string) => (await answer<{ pairs: number }>(await pairSelection(get(`/api/labels/runs/selection?${query}`)), 200)).pairs;
    expect(await count(`datasetId=${world.datasetId}`)).toBe(3);
    expect(await count(`datasetId=${world.datasetId}&source=CHAIN`)).toBe(1);
    expect(await count(`datasetId=${world.datasetId}&pairRunId=${world.sampleRunId}`)).toBe(1);
    expect(await count(`datasetId=${world.datasetId}&unjudgedOnly=true&endpointId=${world.endpointId}`)).toBe(1);
    expect(await count(`datasetId=${world.datasetId}&limit=2`)).toBe(2);
    expect((await answer(await pairSelection(get("/api/labels/runs/selection")), 400)).error).toMatch(/^datasetId: /);
    expect((await answer(await pairSelection(get(`/api/labels/runs/selection?datasetId=${world.datasetId}&unjudgedOnly=true`)), 400)).error).toMatch(/^endpointId: /);
    expect((await answer(await pairSelection(get(`/api/labels/runs/selection?datasetId=${world.datasetId}&limit=0`)), 400)).error).toMatch(/^pairs\.limit: /);
  });
});

describe("POST /api/labels/sample-runs", () => {
  it("names wrong fields, refuses temperature 0, and answers 404 for an unknown dataset", async () => {
    const { error } = await answer(await createSampleRun(post("/api/labels/sample-runs", { params: { temperature: 0 } })), 400);
    expect(error).toMatch(/datasetId: /);
    expect(error).toMatch(/endpointId: /);
    expect(error).toMatch(/params\.temperature: two samples need a temperature above 0/);
    expect((await answer(await createSampleRun(post("/api/labels/sample-runs", { datasetId: 2_000_000_000, endpointId: world.endpointId })), 404)).error).toMatch(/^datasetId: /);
  });
});

describe("GET /api/runs/[id]/pairs and /summary", () => {
  it("answers a labeling run's pairs and its summary", async () => {
    const page = await answer<RunPairsPage>(await runPairs(get(`/api/runs/${world.labelRunId}/pairs`), context(world.labelRunId)), 200);
    expect(page.kind).toBe("LABEL");
    expect(page.rows).toHaveLength(2);
    const result = await answer<LabelRunSummary>(await summary(get(`/api/runs/${world.labelRunId}/summary`), context(world.labelRunId)), 200);
    expect(result).toMatchObject({ runId: world.labelRunId, judged: 2 });
    expect(result.histogram).toHaveLength(10);
    expect(result.histogram.reduce((n, b) => n + b.used, 0)).toBe(2);
  });

  it("answers 400 for a bad id or filter, 404 for an unknown run, 400 for an SL-CAI run's pairs", async () => {
    expect((await answer(await runPairs(get("/api/runs/abc/pairs"), context("abc")), 400)).error).toMatch(/^id: /);
    expect((await answer(await runPairs(get(`/api/runs/${world.labelRunId}/pairs?status=LOST`), context(world.labelRunId)), 400)).error).toMatch(/^status: /);
    expect((await answer(await runPairs(get("/api/runs/2000000000/pairs"), context(2_000_000_000)), 404)).error).toBe("there is no run 2000000000");
    expect((await answer(await runPairs(get(`/api/runs/${world.slRunId}/pairs`), context(world.slRunId)), 400)).error).toMatch(/SL-CAI run/);
    expect((await answer(await summary(get("/api/runs/2000000000/summary"), context(2_000_000_000)), 404)).error).toMatch(/no labeling run/);
    expect((await answer(await summary(get(`/api/runs/${world.slRunId}/summary`), context(world.slRunId)), 404)).error).toMatch(/no labeling run/);
  });
});
