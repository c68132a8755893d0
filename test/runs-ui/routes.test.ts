import { afterAll, describe, expect, it } from "vitest";
import { POST as cancel } from "@/app/api/runs/[id]/cancel/route";
import { GET as calls } from "@/app/api/runs/[id]/calls/route";
import { GET as items } from "@/app/api/runs/[id]/items/route";
import { POST as pause } from "@/app/api/runs/[id]/pause/route";
import { POST as resume } from "@/app/api/runs/[id]/resume/route";
import { POST as retry } from "@/app/api/runs/[id]/retry/route";
import { GET as progress } from "@/app/api/runs/[id]/route";
import { GET as list, POST as create } from "@/app/api/runs/route";
import { GET as selection } from "@/app/api/runs/selection/route";
import type { RunProgress } from "@/lib/schemas/runs";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import type { RunItemPage, RunListPage } from "@/lib/server/runs/queries";
import { createDataset, createPrompts } from "../factories";
import { constitutionVersion, endpointRow, makeRun } from "./fixtures";
import { signedInRequests } from "../auth/sessions";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const BASE = "http://studio.test";
// every request comes from a signed-in admin's page (routes refuse anyone else: test/auth/routes.test.ts)
const request = signedInRequests("ADMIN");
const context = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });
const post = (body: string | object) =>
  create(request(`${BASE}/api/runs`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }));
const control = (handler: typeof pause, id: number | string) => handler(request(`${BASE}/api/runs/${id}/x`, { method: "POST" }), context(id));

async function answer<T = { error: string }>(response: Response, status: number): Promise<T> {
  const body = await response.json();
  expect({ status: response.status, body }).toMatchObject({ status });
  return body as T;
}

describe("POST /api/runs", () => {
  it("refuses a body that is not JSON, and names every missing or wrong field", async () => {
    expect(await answer(await post("{not json"), 400)).toEqual({ error: "The request body must be a JSON object.", fields: [] });
    const { error } = await answer(await post({ revisions: 0, sampling: { mode: "sometimes" } }), 400);
    expect(error).toMatch(/datasetId: /);
    expect(error).toMatch(/endpointId: /);
    expect(error).toMatch(/constitutionVersionId: /);
    expect(error).toMatch(/revisions: /);
    expect(error).toMatch(/sampling\.mode: /);
  });

  it("answers what only the server can check with the field it is about", async () => {
    const [dataset, endpoint, version] = await Promise.all([createDataset("routes"), endpointRow("ANTHROPIC"), constitutionVersion()]);
    await createPrompts(dataset.id, [{ text: "How do I pick a lock?" }]);
    const request = { datasetId: dataset.id, endpointId: endpoint.id, constitutionVersionId: version.versionId };
    expect((await answer(await post({ ...request, fewShot: true }), 400)).error).toMatch(/^fewShot: /);
    expect((await answer(await post({ ...request, promptFormat: "raw" }), 400)).error).toMatch(/^promptFormat: .*OpenAI-compatible/);
    expect((await answer(await post({ ...request, endpointId: 2_000_000_000 }), 404)).error).toBe("endpointId: there is no endpoint 2000000000");
    expect((await answer(await post({ ...request, filter: { tag: "nothing-has-this" } }), 400)).error).toMatch(/No prompt of the dataset matches/);
  });

  it("starts a run (201) that the list and the progress route then show", async () => {
    const [dataset, endpoint, version] = await Promise.all([createDataset("routes"), endpointRow(), constitutionVersion()]);
    await createPrompts(dataset.id, [{ text: "How do I pick a lock?" }]);
    const started = await answer<{ runId: number; items: number }>(
      await post({ name: "from the route", datasetId: dataset.id, endpointId: endpoint.id, constitutionVersionId: version.versionId, revisions: 2 }),
      201,
    );
    // nothing listens at this endpoint; stop the run before any worker on the database tries it
    await answer(await control(cancel, started.runId), 200);
    expect(started.items).toBe(1);
    const page = await answer<RunListPage>(await list(request(`${BASE}/api/runs`)), 200);
    expect(page.rows.find((row) => row.id === started.runId)).toMatchObject({ name: "from the route", total: 1, status: "CANCELLED" });
    const run = await answer<RunProgress>(await progress(request(`${BASE}/api/runs/${started.runId}`), context(started.runId)), 200);
    expect(run).toMatchObject({ id: started.runId, status: "CANCELLED", total: 1, cancelled: 1 });
  });
});

describe("GET /api/runs and /api/runs/[id]", () => {
  it("answers 400 for a cursor or id that is not one, 404 for a run that does not exist", async () => {
    expect((await answer(await list(request(`${BASE}/api/runs?before=soon`)), 400)).error).toMatch(/^before: /);
    expect((await answer(await progress(request(`${BASE}/api/runs/abc`), context("abc")), 400)).error).toMatch(/^id: /);
    expect(await answer(await progress(request(`${BASE}/api/runs/2000000000`), context(2_000_000_000)), 404)).toEqual({ error: "there is no run 2000000000", fields: [] });
  });

  it("gives a run's live counts", async () => {
    const made = await makeRun([{ status: "DONE", steps: 2 }, { status: "FAILED", error: { kind: "auth", message: "401" } }, { status: "PENDING" }]);
    const run = await answer<RunProgress>(await progress(request(`${BASE}/api/runs/${made.runId}`), context(made.runId)), 200);
    expect(run).toMatchObject({ status: "RUNNING", total: 3, done: 1, failed: 1, pending: 1 });
    expect(run.recentErrors).toEqual([expect.objectContaining({ kind: "auth", count: 1, retried: 0, lastMessage: "401" })]);
  });
});

describe("run controls", () => {
  it("refuses with 409 and the reason what the run's state does not allow", async () => {
    const finished = await makeRun([{ status: "DONE", steps: 2 }], { status: "SUCCEEDED" });
    expect((await answer(await control(resume, finished.runId), 409)).error).toBe(`only a paused run can be resumed (run ${finished.runId} is succeeded)`);
    expect((await answer(await control(pause, finished.runId), 409)).error).toMatch(/only a queued or running run can be paused/);
    expect((await answer(await control(cancel, finished.runId), 409)).error).toMatch(/this run has already ended/);
    expect((await answer(await control(retry, finished.runId), 409)).error).toBe("this run has no failed items to retry");
    expect((await answer(await control(resume, 2_000_000_000), 404)).error).toBe("there is no run 2000000000");
    expect((await answer(await control(pause, "0"), 400)).error).toMatch(/^id: /);
  });

  it("pauses a running run and resumes it", async () => {
    // every item is finished, so resuming puts no job in the queue for a worker to try
    const made = await makeRun([{ status: "DONE", steps: 2 }]);
    expect(await answer(await control(pause, made.runId), 200)).toEqual({ ok: true });
    expect((await prisma.run.findUniqueOrThrow({ where: { id: made.runId } })).status).toBe("PAUSED");
    expect((await answer(await control(pause, made.runId), 409)).error).toMatch(/is paused/);
    expect(await answer(await control(resume, made.runId), 200)).toEqual({ ok: true });
    expect((await prisma.run.findUniqueOrThrow({ where: { id: made.runId } })).status).toBe("RUNNING");
  });
});

describe("GET /api/runs/[id]/items and /calls", () => {
  it("pages items, filters failed ones, and refuses a status or cursor it does not know", async () => {
    const made = await makeRun([
      { status: "DONE", steps: 1 },
      { status: "FAILED", error: { kind: "timeout", message: "no answer in 60 s" } },
    ]);
    const all = await answer<RunItemPage>(await items(request(`${BASE}/api/runs/${made.runId}/items`), context(made.runId)), 200);
    expect(all.rows.map((row) => row.status)).toEqual(["DONE", "FAILED"]);
    const failed = await answer<RunItemPage>(await items(request(`${BASE}/api/runs/${made.runId}/items?status=FAILED`), context(made.runId)), 200);
    expect(failed.rows).toEqual([expect.objectContaining({ errorKind: "timeout", error: "no answer in 60 s" })]);
    const after = await answer<RunItemPage>(await items(request(`${BASE}/api/runs/${made.runId}/items?after=${made.promptIds[0]}`), context(made.runId)), 200);
    expect(after.rows.map((row) => row.promptId)).toEqual([made.promptIds[1]]);
    expect((await answer(await items(request(`${BASE}/api/runs/${made.runId}/items?status=LOST`), context(made.runId)), 400)).error).toMatch(/^status: /);
    expect((await answer(await items(request(`${BASE}/api/runs/2000000000/items`), context(2_000_000_000)), 404)).error).toBe("there is no run 2000000000");
  });

  it("returns a run's calls by id and refuses an id list that is not one", async () => {
    const made = await makeRun([{ status: "DONE", steps: 1 }]);
    const found = await answer<{ callKey: string }[]>(await calls(request(`${BASE}/api/runs/${made.runId}/calls?ids=${made.callIds.join(",")}`), context(made.runId)), 200);
    expect(found.map((call) => call.callKey)).toEqual(["initial", "step1.critique", "step1.revision"]);
    expect((await answer(await calls(request(`${BASE}/api/runs/${made.runId}/calls?ids=1,two`), context(made.runId)), 400)).error).toMatch(/^ids: /);
    expect((await answer(await calls(request(`${BASE}/api/runs/${made.runId}/calls`), context(made.runId)), 400)).error).toMatch(/^ids: /);
  });
});

describe("GET /api/runs/selection", () => {
  it("counts the prompts a run would cover, with the run's own filter rules", async () => {
    const dataset = await createDataset("selection");
    await createPrompts(dataset.id, [
      { text: "How do I pick a lock?", tags: ["crime"] },
      { text: "How do I bake bread?" },
      { text: "Where can I buy lock picks?", tags: ["crime"], chainCount: 1 },
    ]);
    const count = async (params: string) => answer<{ prompts: number }>(await selection(request(`${BASE}/api/runs/selection?${params}`)), 200);
    expect(await count(`datasetId=${dataset.id}`)).toEqual({ prompts: 3 });
    expect(await count(`datasetId=${dataset.id}&tag=crime`)).toEqual({ prompts: 2 });
    expect(await count(`datasetId=${dataset.id}&q=lock`)).toEqual({ prompts: 2 });
    expect(await count(`datasetId=${dataset.id}&q=lock&withoutChains=true`)).toEqual({ prompts: 1 });
    expect(await count(`datasetId=${dataset.id}&limit=2&tag=`)).toEqual({ prompts: 2 });
  });

  it("names what is wrong with a selection", async () => {
    const dataset = await createDataset("selection");
    const refuse = async (params: string) => (await answer(await selection(request(`${BASE}/api/runs/selection?${params}`)), 400)).error;
    expect(await refuse("")).toMatch(/^datasetId: /);
    expect(await refuse(`datasetId=${dataset.id}&limit=0`)).toMatch(/^filter\.limit: /);
    expect(await refuse(`datasetId=${dataset.id}&limit=many`)).toMatch(/^filter\.limit: /);
    expect(await refuse(`datasetId=${dataset.id}&q=!!!`)).toMatch(/^filter\.q: /);
  });
});
