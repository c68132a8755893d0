import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findChainView } from "@/lib/server/chains/queries";
import { prisma } from "@/lib/server/db";
import { importFile } from "@/lib/server/imports/import-file";
import { pgPool } from "@/lib/server/pg";
import { findRunCalls, findRunDetail, listRunItems, listRuns, runFormOptions } from "@/lib/server/runs/queries";
import { FIXTURES, uniqueName } from "../imports/helpers";
import { constitutionVersion, makeRun } from "./fixtures";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

describe("listRuns", () => {
  it("lists runs newest first with what they point at and their item counts", async () => {
    const older = await makeRun([{ status: "DONE", steps: 2 }], { status: "SUCCEEDED", name: "older" });
    const newer = await makeRun([{ status: "DONE", steps: 2 }, { status: "FAILED", error: { kind: "auth", message: "401 from fake" } }, { status: "PENDING" }], { name: "newer" });
    const { rows } = await listRuns();
    const ours = rows.filter((row) => row.id === older.runId || row.id === newer.runId);
    expect(ours.map((row) => row.name)).toEqual(["newer", "older"]);
    expect(ours[0]).toMatchObject({
      status: "RUNNING",
      kind: "SL_CAI",
      total: 3,
      done: 1,
      failed: 1,
      dataset: { id: newer.datasetId },
      endpoint: { id: newer.endpointId, model: "fake-chat" },
      constitutionVersion: { id: newer.versionId, version: 1 },
      finishedAt: null,
    });
    expect(ours[0].startedAt).not.toBeNull();
    expect(ours[1]).toMatchObject({ status: "SUCCEEDED", total: 1, done: 1, failed: 0 });
    expect(ours[1].finishedAt).not.toBeNull();
  });

  it("pages by id and keeps the recorded model when the endpoint row is gone", async () => {
    const a = await makeRun([{ status: "DONE" }]);
    const b = await makeRun([{ status: "DONE" }]);
    await prisma.modelEndpoint.delete({ where: { id: a.endpointId } });
    const page = await listRuns({ before: b.runId });
    expect(page.rows[0].id).toBe(a.runId);
    expect(page.rows.every((row) => row.id < b.runId)).toBe(true);
    expect(page.rows[0].endpoint).toMatchObject({ id: null, model: "fake-chat" });
  });
});

describe("findRunDetail", () => {
  it("returns the run's recorded config and the rows it points at, or null for an unknown id", async () => {
    const made = await makeRun([{ status: "DONE", steps: 1 }], { revisions: 3 });
    const run = await findRunDetail(made.runId);
    expect(run?.config).toMatchObject({ revisions: 3, sampling: { mode: "fixed" }, params: { temperature: 0.5 } });
    expect(run?.endpoint).toMatchObject({ id: made.endpointId, kind: "OPENAI_COMPATIBLE", model: "fake-chat" });
    expect(run?.dataset?.id).toBe(made.datasetId);
    expect(run?.constitutionVersion?.id).toBe(made.versionId);
    expect(run).not.toHaveProperty("endpoint.apiKeyCiphertext");
    expect(await findRunDetail(2_000_000_000)).toBeNull();
  });
});

describe("listRunItems", () => {
  it("pages a run's items in prompt order with each chain's steps so far", async () => {
    const made = await makeRun([
      { status: "DONE", steps: 2 },
      { status: "CLAIMED", steps: 1 },
      { status: "FAILED", error: { kind: "auth", message: "The endpoint answered 401: bad key" } },
      { status: "PENDING" },
      { status: "DONE", steps: 2 },
    ]);
    const first = await listRunItems(made.runId, {}, 2);
    expect(first.rows.map((row) => row.promptId)).toEqual(made.promptIds.slice(0, 2));
    expect(first.rows[0]).toMatchObject({ status: "DONE", steps: 2, chainId: made.chains.get(made.promptIds[0]), calls: 0 });
    expect(first.rows[0].preview).toBe("Prompt 1: how do I pick a lock?");
    expect(first.rows[1]).toMatchObject({ status: "CLAIMED", steps: 1 });
    expect(first.nextAfter).toBe(made.promptIds[1]);

    const second = await listRunItems(made.runId, { after: first.nextAfter }, 2);
    expect(second.rows.map((row) => [row.status, row.chainId, row.steps])).toEqual([
      ["FAILED", null, 0],
      ["PENDING", null, 0],
    ]);
    const third = await listRunItems(made.runId, { after: second.nextAfter }, 2);
    expect(third.rows.map((row) => row.promptId)).toEqual([made.promptIds[4]]);
    expect(third.nextAfter).toBeUndefined();
  });

  it("filters to failed items with their error, and refuses an unknown run", async () => {
    const made = await makeRun([
      { status: "DONE", steps: 1 },
      { status: "FAILED", error: { kind: "bad_request", message: "400: max_tokens too large" } },
    ]);
    const failed = await listRunItems(made.runId, { status: "FAILED" });
    expect(failed.rows).toHaveLength(1);
    expect(failed.rows[0]).toMatchObject({ promptId: made.promptIds[1], errorKind: "bad_request", error: "400: max_tokens too large", attempts: 1 });
    await expect(listRunItems(2_000_000_000)).rejects.toThrow("there is no run 2000000000");
  });
});

describe("findRunCalls", () => {
  it("returns only the asked calls of that run, with request, reply, tokens and latency", async () => {
    const made = await makeRun([{ status: "DONE", steps: 1 }]);
    const other = await makeRun([{ status: "DONE", steps: 1 }]);
    const calls = await findRunCalls(made.runId, [...made.callIds, ...other.callIds]);
    expect(calls.map((call) => call.id)).toEqual(made.callIds);
    expect(calls.map((call) => call.callKey)).toEqual(["initial", "step1.critique", "step1.revision"]);
    expect(calls[0]).toMatchObject({ model: "fake-chat", finishReason: "stop", promptTokens: 20, completionTokens: 10, latencyMs: 42 });
    expect(calls[0].request).toEqual({ messages: [{ role: "user", content: "Prompt 1: how do I pick a lock?" }], temperature: 0.5 });
  });
});

describe("findChainView", () => {
  it("returns a run chain's prompt, initial response, steps with principles and calls, and its neighbours in prompt order", async () => {
    const made = await makeRun(
      [
        { status: "DONE", steps: 2 },
        { status: "FAILED", error: { kind: "auth", message: "401" } },
        { status: "CLAIMED", steps: 1 },
        { status: "DONE", steps: 2 },
      ],
      { revisions: 2 },
    );
    const [p1, , p3, p4] = made.promptIds;
    const chain = await findChainView(made.chains.get(p3)!);
    expect(chain).not.toBeNull();
    expect(chain!.prompt).toMatchObject({ id: p3, dataset: { id: made.datasetId }, turns: [{ role: "user", content: "Prompt 3: how do I pick a lock?" }] });
    expect(chain!.initialResponse.text).toBe("Initial 3: use a tension wrench and a pick.");
    // prompt 1 made five calls (initial, two steps of two), prompt 2 none: prompt 3's initial call is the sixth
    expect(chain!.initialResponse.llmCallId).toBe(made.callIds[5]);
    expect(chain!.run).toMatchObject({ id: made.runId, status: "RUNNING" });
    expect(chain!.plannedSteps).toBe(2);
    expect(chain!.steps).toHaveLength(1);
    const [step] = chain!.steps;
    expect(step).toMatchObject({ index: 1, critique: "Critique 1 of prompt 3.", revision: { text: "Revision 1: ask the owner of the lock for help instead." } });
    expect(step.principle).toMatchObject({ key: "harm", versionId: made.versionId, version: { version: 1 } });
    expect(step.principle.critiqueRequest).toContain("Point out every way the last answer could cause harm");
    expect(step.critiqueCallId).not.toBeNull();
    expect(step.revisionCallId).not.toBeNull();
    // the failed prompt has no chain: the neighbours skip it
    expect(chain!.previousId).toBe(made.chains.get(p1));
    expect(chain!.nextId).toBe(made.chains.get(p4));
    const first = await findChainView(made.chains.get(p1)!);
    expect(first!.previousId).toBeNull();
    expect(first!.nextId).toBe(made.chains.get(p3));
    const last = await findChainView(made.chains.get(p4)!);
    expect(last!.nextId).toBeNull();
  });

  it("walks imported chains within their dataset, with the import they came from", async () => {
    const dataset = uniqueName("runs-ui-chains");
    const result = await importFile({ path: path.join(FIXTURES, "sl-chains.jsonl"), fileName: "sl-chains.jsonl", dataset });
    const chains = await prisma.chain.findMany({ where: { prompt: { datasetId: result.dataset!.id } }, orderBy: [{ promptId: "asc" }, { id: "asc" }], select: { id: true } });
    expect(chains).toHaveLength(3);
    const views = await Promise.all(chains.map((c) => findChainView(c.id)));
    expect(views.map((v) => [v!.previousId, v!.nextId])).toEqual([
      [null, chains[1].id],
      [chains[0].id, chains[2].id],
      [chains[1].id, null],
    ]);
    expect(views[0]!.run).toBeNull();
    expect(views[0]!.import).toMatchObject({ id: result.importId, fileName: "sl-chains.jsonl" });
    expect(views[0]!.steps.map((s) => s.principle.key)).toEqual(["harm", "tone", "legal", "harm"]);
    expect(views[0]!.plannedSteps).toBe(4);
    expect(await findChainView(2_000_000_000)).toBeNull();
  });
});

describe("runFormOptions", () => {
  it("offers every version with its critique-revision counts and defaults to the newest usable one without a Studio default", async () => {
    const made = await constitutionVersion();
    const options = await runFormOptions();
    const version = options.versions.find((v) => v.id === made.versionId);
    expect(version).toMatchObject({ principles: 3, fewShots: 0, version: 1 });
    const studioDefault = options.versions.filter((v) => v.constitutionName === "Studio default" && v.principles > 0);
    if (studioDefault.length > 0) expect(options.defaultVersionId).toBe(studioDefault[0].id);
    else expect(options.defaultVersionId).toBeGreaterThanOrEqual(made.versionId);
    expect(options.endpoints.every((e) => !("apiKeyCiphertext" in e))).toBe(true);
  });

  it("offers the endpoints that answer prompts, not scoring endpoints", async () => {
    const [model, scorer] = await Promise.all([
      prisma.modelEndpoint.create({ data: { name: uniqueName("chat"), kind: "OPENAI_COMPATIBLE", model: "m", baseUrl: "http://127.0.0.1:9/v1" } }),
      prisma.modelEndpoint.create({ data: { name: uniqueName("reward"), kind: "SCORER", model: "rm", baseUrl: "http://127.0.0.1:9" } }),
    ]);
    const offered = (await runFormOptions()).endpoints.map((e) => e.id);
    expect(offered).toContain(model.id);
    expect(offered).not.toContain(scorer.id);
  });
});
