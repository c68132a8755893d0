import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportRequestSchema } from "@/lib/schemas/exports";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import { prisma } from "@/lib/server/db";
import { createExport, createExportRun } from "@/lib/server/exports/definitions";
import { runExport } from "@/lib/server/exports/run";
import { importFile } from "@/lib/server/imports/import-file";
import { pgPool } from "@/lib/server/pg";
import { answerItem } from "@/lib/server/review/answer";
import { createSlRun } from "@/lib/server/runs/kinds/sl";
import { buildExportFixture } from "../exports/fixture";
import { FIXTURES, jsonl, tempFile, uniqueName } from "../imports/helpers";
import { person, queueOf, verdictWorld } from "../review/fixtures";
import { endpointFor, eventually, fixtureConstitution, importedDataset, waitForRun, workerTestbed } from "../runs/harness";
import { deliveriesOf, TEST_PACE, webhookTestbed } from "./helpers";

// The studio's events reach the webhooks that hear them, and only those: a run that ends gives a
// subscribed receiver one signed run.succeeded (and an unsubscribed one nothing), written with the
// run's end; exports, imports and review queues say when they finish; a change that rolled back
// says nothing.

const { provider, startWorker } = workerTestbed({ slots: 8, webhookSlots: 4, webhookPace: TEST_PACE });
const { receiverWithHook } = webhookTestbed();
const exportsRoot = mkdtempSync(path.join(tmpdir(), "cai-webhook-exports-"));
afterAll(() => rmSync(exportsRoot, { recursive: true, force: true }));

const payloadOf = (delivery: { payload: unknown }) => delivery.payload as { type: string; timestamp: string; data: Record<string, unknown> };

describe("run events", () => {
  it("give a subscribed webhook one signed run.succeeded once the run ends, and an unsubscribed one nothing", async () => {
    const server = await provider();
    const [dataset, constitution, endpointId] = await Promise.all([importedDataset(), fixtureConstitution(), endpointFor(server)]);
    const subscribed = await receiverWithHook(["run.succeeded", "run.failed"]);
    const unsubscribed = await receiverWithHook(["run.failed", "export.succeeded"]);
    await startWorker();
    const { runId } = await createSlRun(slRunRequestSchema.parse({ datasetId: dataset.id, endpointId, constitutionVersionId: constitution.versionId, revisions: 1, name: "webhook run" }));
    expect(await waitForRun(runId, ["SUCCEEDED", "FAILED"])).toBe("SUCCEEDED");
    // written with the run's end: there as soon as the run is seen SUCCEEDED
    const [delivery] = await prisma.webhookDelivery.findMany({ where: { webhookId: subscribed.webhook.id, subject: `run:${runId}` } });
    expect(delivery).toBeDefined();

    const received = await eventually(
      async () => subscribed.receiver.about("runId", runId),
      (list) => list.length > 0,
    );
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ valid: true, id: delivery.messageId, answered: 200 });
    const body = JSON.parse(received[0].body) as ReturnType<typeof payloadOf>;
    expect(body).toEqual({
      type: "run.succeeded",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { runId, name: "webhook run", kind: "SL_CAI", status: "SUCCEEDED", items: { total: 5, done: 5, failed: 0 }, path: `/runs/${runId}` },
    });
    await eventually(
      () => deliveriesOf(subscribed.webhook.id),
      (rows) => rows.some((row) => row.subject === `run:${runId}` && row.status === "DELIVERED"),
    );

    expect(await prisma.webhookDelivery.count({ where: { webhookId: unsubscribed.webhook.id, subject: `run:${runId}` } })).toBe(0);
    expect(unsubscribed.receiver.about("runId", runId)).toEqual([]);
  });
});

describe("export, import and review events", () => {
  it("say an export run succeeded, on the transaction that finished it", async () => {
    const { webhook } = await receiverWithHook(["export.succeeded", "export.failed"]);
    const fixture = await buildExportFixture();
    const saved = await createExport(
      pgPool(),
      exportRequestSchema.parse({ name: uniqueName("webhook export"), layout: "SFT", fileType: "JSONL", definition: { datasetIds: [fixture.datasetId] } }),
      { actor: "test" },
    );
    const run = await createExportRun(pgPool(), saved.id, { actor: "test" });
    await runExport(pgPool(), run.id, { worker: "test", root: exportsRoot });
    const [delivery] = (await deliveriesOf(webhook.id)).filter((row) => row.subject === `export_run:${run.id}`);
    expect(payloadOf(delivery)).toMatchObject({
      type: "export.succeeded",
      data: { exportRunId: run.id, exportId: saved.id, name: saved.name, status: "SUCCEEDED", layout: "SFT", fileType: "JSONL", path: `/exports/runs/${run.id}` },
    });
  });

  it("say an import succeeded, and nothing for one that rolled back", async () => {
    const { webhook } = await receiverWithHook(["import.succeeded"]);
    const result = await importFile({ path: path.join(FIXTURES, "prompts.jsonl"), fileName: "prompts.jsonl", dataset: uniqueName("webhook import") });
    const [delivery] = (await deliveriesOf(webhook.id)).filter((row) => row.subject === `import:${result.importId}`);
    expect(payloadOf(delivery)).toMatchObject({
      type: "import.succeeded",
      data: { importId: result.importId, fileName: "prompts.jsonl", kind: "dataset", into: { id: result.dataset!.id }, counts: { records: 5 }, path: `/imports/${result.importId}` },
    });

    const before = (await deliveriesOf(webhook.id)).length;
    const bad = tempFile("bad.jsonl", `${jsonl([{ prompt: "fine" }])}{not json\n`);
    await expect(importFile({ path: bad, fileName: "bad.jsonl", dataset: uniqueName("webhook bad import") })).rejects.toThrow();
    expect(await deliveriesOf(webhook.id)).toHaveLength(before);
  });

  it("say once that a review queue has every answer it needs", async () => {
    const { webhook } = await receiverWithHook(["review_queue.completed"]);
    const world = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.6 }]);
    const [alice, bob] = await Promise.all([person("REVIEWER", "alice"), person("REVIEWER", "bob")]);
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" }, reviewersPerItem: 1 }, alice.id);
    const walk = { show: "todo", unreviewed: false } as const;
    const completions = async () => (await deliveriesOf(webhook.id)).filter((row) => row.subject === `review_queue:${queue.id}`);

    await answerItem(queue.id, alice.id, { comparisonId: world.comparisonIds[0], choice: "A" }, walk);
    await answerItem(queue.id, bob.id, { comparisonId: world.comparisonIds[1], choice: "SKIP" }, walk);
    expect(await completions()).toEqual([]);
    await answerItem(queue.id, bob.id, { comparisonId: world.comparisonIds[1], choice: "B" }, walk);
    const [delivery] = await completions();
    expect(payloadOf(delivery)).toMatchObject({ type: "review_queue.completed", data: { queueId: queue.id, name: queue.name, items: 2, reviewersPerItem: 1, path: `/review/${queue.id}` } });
    // still complete after another answer changes: no second event
    await answerItem(queue.id, alice.id, { comparisonId: world.comparisonIds[0], choice: "TIE" }, walk);
    expect(await completions()).toHaveLength(1);
  });
});
