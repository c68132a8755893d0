import { describe, expect, it } from "vitest";
import { GET as getExperiment } from "@/app/api/experiments/[id]/route";
import { POST as runExperiment } from "@/app/api/experiments/[id]/run/route";
import { GET as listExperiments, POST as postExperiment } from "@/app/api/experiments/route";
import { prisma } from "@/lib/server/db";
import { cancelRun } from "@/lib/server/runs/control";
import { requestWithSession, sessionFor } from "../auth/sessions";
import { runCli } from "../cli/run-cli";
import { tempFile, uniqueName } from "../imports/helpers";
import { endpointFor, importedDataset, workerTestbed } from "../runs/harness";
import { experimentReply, MARKER } from "../fake-llm/experiment-reply";
import { experimentConstitutions } from "./helpers";

// An experiment from the command line (a JSON file with names), worked in the CLI's own process,
// and through the API with its role checks.

const { provider } = workerTestbed();

async function targets() {
  const server = await provider({ reply: experimentReply });
  const [dataset, constitutions, endpointId] = await Promise.all([importedDataset(), experimentConstitutions(), endpointFor(server)]);
  const endpoint = await prisma.modelEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
  return { dataset, constitutions, endpoint };
}

describe("cai experiment", () => {
  it("creates an experiment from a file of names, runs it to the end with --work, and lists it", async () => {
    const { dataset, constitutions, endpoint } = await targets();
    const name = uniqueName("cli experiment");
    const file = tempFile(
      "experiment.json",
      JSON.stringify({
        name,
        dataset: dataset.name,
        prompts: { kind: "filter", limit: 3 },
        seed: 9,
        arms: [
          { name: "v1", endpoint: endpoint.name, constitution: constitutions.name, version: 1, revisions: 1 },
          { name: "v2", endpoint: endpoint.name, constitution: constitutions.name, revisions: 1 },
        ],
        judge: { endpoint: endpoint.name, constitution: constitutions.judgeName },
      }),
    );
    const created = await runCli(["experiment", "create", file]);
    expect(created.stderr).not.toMatch(/not created/);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`Created experiment #\\d+ "${name}": 3 prompts, arms v1, v2 \\(seed 9\\)\\.`));
    const experiment = await prisma.experiment.findUniqueOrThrow({ where: { name }, include: { arms: { orderBy: { position: "asc" } } } });
    // v1 is the version numbered 1, v2 (no number) the latest
    const config = experiment.config as { arms: { constitutionVersionId: number }[] };
    expect(config.arms.map((arm) => arm.constitutionVersionId)).toEqual([constitutions.plain, constitutions.gentle]);

    const run = await runCli(["experiment", "run", name, "--work"]);
    expect(run.stderr).not.toMatch(/experiment run/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `experiment #${experiment.id} "${name}" · 3 prompts of ${dataset.name} · done: 3 pairs judged · v1: run #\\d+ succeeded 3/3 · v2: run #\\d+ succeeded 3/3 · judge: run #\\d+ succeeded 3/3`,
      ),
    );
    const verdicts = await prisma.aiVerdict.findMany({
      where: { comparison: { experimentPair: { experimentId: experiment.id } } },
      include: { comparison: { include: { responseB: true } } },
    });
    expect(verdicts).toHaveLength(3);
    for (const verdict of verdicts) {
      expect(verdict.comparison.responseB.text).toContain(MARKER);
      expect(verdict.pA).toBeLessThan(0.2);
    }

    const list = await runCli(["experiment", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`experiment #${experiment.id} "${name}" · 3 prompts of ${dataset.name} · done`);
  }, 120_000);

  it("refuses a file whose names name nothing, saying where in the file", async () => {
    const { dataset, endpoint } = await targets();
    const file = tempFile(
      "experiment.json",
      JSON.stringify({
        name: uniqueName("refused"),
        dataset: dataset.name,
        arms: [
          { name: "a", endpoint: endpoint.name, constitution: "no such constitution" },
          { name: "b", endpoint: endpoint.name, constitution: "no such constitution" },
        ],
        judge: { endpoint: endpoint.name, constitution: "no such constitution" },
      }),
    );
    const refused = await runCli(["experiment", "create", file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Experiment not created: arms.0.constitution: there is no constitution "no such constitution"');
    const unknown = await runCli(["experiment", "run", "no such experiment"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('there is no experiment "no such experiment"');
    const usage = await runCli(["experiment", "frobnicate"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown experiment command "frobnicate"');
  }, 60_000);
});

describe("the experiments API", () => {
  it("lets reviewers create and run experiments, viewers only read them, and names a refused field", async () => {
    const { dataset, constitutions, endpoint } = await targets();
    const body = {
      name: uniqueName("api experiment"),
      datasetId: dataset.id,
      prompts: { kind: "filter", limit: 2 },
      arms: [
        { name: "plain", endpointId: endpoint.id, constitutionVersionId: constitutions.plain, revisions: 1 },
        { name: "gentle", endpointId: endpoint.id, constitutionVersionId: constitutions.gentle, revisions: 1 },
      ],
      judge: { endpointId: endpoint.id, constitutionVersionId: constitutions.judge },
    };
    const post = (cookie: string, json: unknown) =>
      postExperiment(requestWithSession(cookie, "http://studio.test/api/experiments", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json) }));
    const [viewer, reviewer] = await Promise.all([sessionFor("VIEWER"), sessionFor("REVIEWER")]);

    expect((await post(viewer.cookie, body)).status).toBe(403);
    expect(await prisma.experiment.count({ where: { name: body.name } })).toBe(0);

    const refused = await post(reviewer.cookie, { ...body, arms: [body.arms[0], { ...body.arms[1], constitutionVersionId: constitutions.judge }] });
    expect(refused.status).toBe(400);
    expect((await refused.json()).fields).toEqual([{ path: "arms.1.constitutionVersionId", message: "this version has no critique-revision principles to critique and revise with" }]);
    const malformed = await post(reviewer.cookie, { ...body, arms: [body.arms[0]] });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).fields).toEqual([{ path: "arms", message: "an experiment compares at least two arms" }]);

    const created = await post(reviewer.cookie, body);
    expect(created.status).toBe(201);
    const { id, prompts } = await created.json();
    expect(prompts).toBe(2);

    const params = { params: Promise.resolve({ id: String(id) }) };
    const url = `http://studio.test/api/experiments/${id}`;
    expect((await runExperiment(requestWithSession(viewer.cookie, `${url}/run`, { method: "POST" }), params)).status).toBe(403);
    const started = await runExperiment(requestWithSession(reviewer.cookie, `${url}/run`, { method: "POST" }), params);
    expect(started.status).toBe(200);
    const state = await started.json();
    expect(state).toMatchObject({ id, phase: "arms running", arms: [{ name: "plain" }, { name: "gentle" }] });
    expect(state.arms.every((arm: { run: { id: number } | null }) => arm.run !== null)).toBe(true);

    // no worker here: stop the arms, and the experiment says which arm stopped it
    for (const arm of state.arms) await cancelRun(arm.run.id);
    const detail = await getExperiment(requestWithSession(viewer.cookie, url), params);
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({ id, phase: "failed", message: "arm plain's run was cancelled", config: { seed: expect.any(Number) } });
    const list = await listExperiments(requestWithSession(viewer.cookie, "http://studio.test/api/experiments"));
    expect((await list.json()).find((e: { id: number }) => e.id === id)).toMatchObject({ name: body.name, phase: "failed" });
  });
});
