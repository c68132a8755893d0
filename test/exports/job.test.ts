import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { POST as createExportRoute } from "@/app/api/exports/route";
import { POST as previewRoute } from "@/app/api/exports/preview/route";
import { POST as startRunRoute } from "@/app/api/exports/[id]/runs/route";
import { GET as runRoute } from "@/app/api/export-runs/[id]/route";
import { POST as cancelRoute } from "@/app/api/export-runs/[id]/cancel/route";
import { GET as fileRoute } from "@/app/api/export-runs/[id]/files/[name]/route";
import { listAudit } from "@/lib/server/audit/list";
import { databaseUrl } from "@/lib/server/config";
import { createExportRun, type ExportRunSummary } from "@/lib/server/exports/definitions";
import { exportsDir } from "@/lib/server/exports/files";
import { pgPool } from "@/lib/server/pg";
import { requestWithSession, sessionFor } from "../auth/sessions";
import { uniqueName } from "../imports/helpers";
import { eventually, importedDataset, workerTestbed } from "../runs/harness";
import { killMidExport } from "./kill-mid-export";
import { itOnServer } from "../setup/on-server";

// The export job end to end with real workers: an export defined and started through the API is
// written by the run worker (in-process), its file has the rows the preview counted, with the
// manifest's sha256, and downloads through the API. A worker process killed while it holds an
// export (SIGKILL) leaves it RUNNING; once its heartbeat is stale, another worker's sweep queues
// it again and that worker starts it over and finishes it. A run whose job went missing is queued
// again the same way; a worker told to stop gives its export back at once. A run can be cancelled
// queued or writing, and one its workers died on MAX_ATTEMPTS times is failed, not taken over again.

const ROOT = path.resolve(import.meta.dirname, "../..");
// every worker of this file (in-process and child) writes exports here
process.env.CAI_DATA_DIR = mkdtempSync(path.join(tmpdir(), "cai-export-jobs-"));

const testbed = workerTestbed({ exportSlots: 1 });
afterAll(() => rmSync(process.env.CAI_DATA_DIR!, { recursive: true, force: true }));

const BASE = "http://studio.test";
const json = (body: unknown) => ({ method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

/** The answer of each chain of the dataset: its last revision, in chain order. */
async function finalRevisions(datasetId: number): Promise<string[]> {
  const { rows } = await pgPool().query<{ text: string }>(
    `SELECT r.text FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId"
       JOIN LATERAL (SELECT s."revisionId" FROM "ChainStep" s WHERE s."chainId" = c.id ORDER BY s.index DESC LIMIT 1) last ON true
       JOIN "Response" r ON r.id = last."revisionId"
     WHERE p."datasetId" = $1 ORDER BY c.id`,
    [datasetId],
  );
  return rows.map((r) => r.text);
}

async function exportOf(cookie: string, datasetId: number): Promise<number> {
  const response = await createExportRoute(
    requestWithSession(cookie, `${BASE}/api/exports`, json({ name: uniqueName("job export"), layout: "SFT", fileType: "JSONL", definition: { datasetIds: [datasetId] } })),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

async function runState(cookie: string, exportRunId: number): Promise<ExportRunSummary> {
  const response = await runRoute(requestWithSession(cookie, `${BASE}/api/export-runs/${exportRunId}`), params({ id: String(exportRunId) }));
  expect(response.status).toBe(200);
  return (await response.json()) as ExportRunSummary;
}

function sftAnswers(file: string): string[] {
  return readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => (JSON.parse(line) as { messages: { content: string }[] }).messages.at(-1)!.content);
}

/** The SFT file a run writes. */
const sftFile = (exportRunId: number) => path.join(exportsDir(), `run-${exportRunId}`, "sft.jsonl");

/** The run once a worker has finished it, either way. */
const finished = (cookie: string, exportRunId: number) =>
  eventually(
    () => runState(cookie, exportRunId),
    (run) => run.status === "SUCCEEDED" || run.status === "FAILED",
  );

/** Holds the chains' table locked until `release`: a worker that claims an export then waits mid-run. */
const HOLDS_A_LOCK = "holds the chains' table locked in a transaction while a worker must claim the run on another connection";
async function lockChains(): Promise<{ release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  await client.query(`BEGIN; LOCK TABLE "Chain" IN ACCESS EXCLUSIVE MODE`);
  return {
    release: async () => {
      await client.query("ROLLBACK");
      await client.end();
    },
  };
}

/** The claim the worker holding the run wrote: that worker's id (host, pid, ...). */
async function claimedBy(exportRunId: number): Promise<string> {
  const { rows } = await pgPool().query<{ claimedBy: string }>(`SELECT "claimedBy" FROM "ExportRun" WHERE id = $1`, [exportRunId]);
  return rows[0].claimedBy;
}

describe("the export job", () => {
  it("writes a run started through the API: the worker finishes it, the file holds the previewed rows, the manifest's sha256 matches, and it downloads", async () => {
    const [reviewer, viewer] = await Promise.all([sessionFor("REVIEWER"), sessionFor("VIEWER")]);
    const dataset = await importedDataset("sl-chains.jsonl");
    const answers = await finalRevisions(dataset.id);
    expect(answers).toHaveLength(3);

    const preview = await previewRoute(requestWithSession(reviewer.cookie, `${BASE}/api/exports/preview`, json({ layout: "SFT", definition: { datasetIds: [dataset.id] }, limit: 2 })));
    expect(preview.status).toBe(200);
    const previewed = (await preview.json()) as { count: number; rows: { messages: { content: string }[] }[] };
    expect(previewed.count).toBe(3);
    expect(previewed.rows.map((row) => row.messages.at(-1)!.content)).toEqual(answers.slice(0, 2));

    const exportId = await exportOf(reviewer.cookie, dataset.id);
    const started = await startRunRoute(requestWithSession(reviewer.cookie, `${BASE}/api/exports/${exportId}/runs`, { method: "POST" }), params({ id: String(exportId) }));
    expect(started.status).toBe(201);
    const { exportRunId } = (await started.json()) as { exportRunId: number };
    expect((await runState(viewer.cookie, exportRunId)).status).toBe("QUEUED");

    await testbed.startWorker();
    const done = await finished(viewer.cookie, exportRunId);
    expect(done).toMatchObject({ status: "SUCCEEDED", totalRows: 3, rowsWritten: 3, error: null, createdBy: reviewer.user.email });

    const file = sftFile(exportRunId);
    expect(sftAnswers(file)).toEqual(answers);
    const bytes = readFileSync(file);
    const manifest = done.manifest as { files: { name: string; rows?: number; bytes: number; sha256: string }[] };
    expect(manifest.files).toEqual([
      { name: "sft.jsonl", rows: 3, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") },
      { name: "README.md", bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);

    // a viewer downloads it; names outside the manifest are not found
    const download = (name: string) =>
      fileRoute(requestWithSession(viewer.cookie, `${BASE}/api/export-runs/${exportRunId}/files/${encodeURIComponent(name)}`), params({ id: String(exportRunId), name }));
    const answer = await download("sft.jsonl");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-disposition")).toBe(`attachment; filename="export-run-${exportRunId}-sft.jsonl"`);
    expect(Buffer.from(await answer.arrayBuffer()).equals(bytes)).toBe(true);
    for (const name of ["../manifest.json", "sft.csv", `../run-${exportRunId}/sft.jsonl`]) {
      const refused = await download(name);
      expect(refused.status, name).toBe(404);
    }
  });

  itOnServer(HOLDS_A_LOCK, "takes over an export whose worker was killed mid-run, starts it over and finishes it", { timeout: 90_000 }, async () => {
    const reviewer = await sessionFor("REVIEWER");
    const dataset = await importedDataset("sl-chains.jsonl");
    const exportId = await exportOf(reviewer.cookie, dataset.id);
    // hold the export mid-run: the worker claims it, then waits for the chains' table, locked here
    const lock = await lockChains();
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
      cwd: ROOT,
      env: { ...process.env, CAI_HEARTBEAT_MS: "300", CAI_CLAIM_STALE_SECONDS: "3" },
      stdio: "ignore",
    });
    let exportRunId: number;
    try {
      const started = await startRunRoute(requestWithSession(reviewer.cookie, `${BASE}/api/exports/${exportId}/runs`, { method: "POST" }), params({ id: String(exportId) }));
      exportRunId = ((await started.json()) as { exportRunId: number }).exportRunId;
      const held = await eventually(
        () => runState(reviewer.cookie, exportRunId),
        (run) => run.status === "RUNNING",
        60_000,
      );
      expect(held.rowsWritten).toBe(0);
      expect(await claimedBy(exportRunId)).toContain(`:${child.pid}:`);
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve)));
      await lock.release();
    }
    // what a dead worker leaves: RUNNING, no job; and some half-written files of its own
    const partial = path.join(exportsDir(), `run-${exportRunId}.partial`);
    mkdirSync(partial, { recursive: true });
    writeFileSync(path.join(partial, "sft.jsonl"), '{"messages": [half a line');
    expect((await runState(reviewer.cookie, exportRunId)).status).toBe("RUNNING");
    // the heartbeat stopped at the kill; a minute later it counts as stale (run.ts STALE_SECONDS)
    await pgPool().query(`UPDATE "ExportRun" SET "heartbeatAt" = now() - interval '2 minutes' WHERE id = $1`, [exportRunId]);

    const worker = await testbed.startWorker();
    const done = await finished(reviewer.cookie, exportRunId);
    expect(done).toMatchObject({ status: "SUCCEEDED", totalRows: 3, rowsWritten: 3 });
    expect(sftAnswers(sftFile(exportRunId))).toEqual(await finalRevisions(dataset.id));
    expect(readdirSync(exportsDir()).filter((name) => name.startsWith(`run-${exportRunId}`))).toEqual([`run-${exportRunId}`]);
    expect(await claimedBy(exportRunId)).toBe(worker.id);
  });

  itOnServer(HOLDS_A_LOCK, "gives an export back when its worker is told to stop, and another worker finishes it", async () => {
    const reviewer = await sessionFor("REVIEWER");
    const dataset = await importedDataset("sl-chains.jsonl");
    const exportId = await exportOf(reviewer.cookie, dataset.id);
    const lock = await lockChains();
    const stopping = await testbed.startWorker();
    let exportRunId: number;
    let stopped: Promise<void>;
    try {
      const started = await startRunRoute(requestWithSession(reviewer.cookie, `${BASE}/api/exports/${exportId}/runs`, { method: "POST" }), params({ id: String(exportId) }));
      exportRunId = ((await started.json()) as { exportRunId: number }).exportRunId;
      await eventually(
        () => runState(reviewer.cookie, exportRunId),
        (run) => run.status === "RUNNING",
      );
      stopped = stopping.stop();
      // given back before the worker has finished stopping: queued again, with a job
      await eventually(
        () => runState(reviewer.cookie, exportRunId),
        (run) => run.status === "QUEUED",
        5_000,
      );
    } finally {
      await lock.release();
    }
    await stopped;
    expect((await runState(reviewer.cookie, exportRunId)).status).toBe("QUEUED");

    const other = await testbed.startWorker();
    const done = await finished(reviewer.cookie, exportRunId);
    expect(done).toMatchObject({ status: "SUCCEEDED", rowsWritten: 3 });
    expect(sftAnswers(sftFile(exportRunId))).toEqual(await finalRevisions(dataset.id));
    expect(await claimedBy(exportRunId)).toBe(other.id);
  });

  it("queues again a run that has no job (the server stopped before queueing it)", async () => {
    const reviewer = await sessionFor("REVIEWER");
    const dataset = await importedDataset("sl-chains.jsonl");
    const exportId = await exportOf(reviewer.cookie, dataset.id);
    // the run row without its job, made a while ago
    const run = await createExportRun(pgPool(), exportId, { userId: reviewer.user.id });
    await pgPool().query(`UPDATE "ExportRun" SET "createdAt" = now() - interval '1 minute' WHERE id = $1`, [run.id]);
    await testbed.startWorker();
    const done = await finished(reviewer.cookie, run.id);
    expect(done).toMatchObject({ status: "SUCCEEDED", rowsWritten: 3 });
  });

  itOnServer(HOLDS_A_LOCK, "cancels a queued and a writing export through the API: neither is written, the writer stops and removes its files", async () => {
    const [reviewer, viewer] = await Promise.all([sessionFor("REVIEWER"), sessionFor("VIEWER")]);
    const dataset = await importedDataset("sl-chains.jsonl");
    const exportId = await exportOf(reviewer.cookie, dataset.id);
    const start = async () => {
      const started = await startRunRoute(requestWithSession(reviewer.cookie, `${BASE}/api/exports/${exportId}/runs`, { method: "POST" }), params({ id: String(exportId) }));
      return ((await started.json()) as { exportRunId: number }).exportRunId;
    };
    const cancel = (cookie: string, exportRunId: number) =>
      cancelRoute(requestWithSession(cookie, `${BASE}/api/export-runs/${exportRunId}/cancel`, { method: "POST" }), params({ id: String(exportRunId) }));

    // queued, no worker yet: a viewer may not cancel it, a reviewer may
    const queued = await start();
    expect((await cancel(viewer.cookie, queued)).status).toBe(403);
    const cancelled = await cancel(reviewer.cookie, queued);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id: queued, status: "CANCELLED" });

    // writing: the worker holds it mid-run (waiting for the locked chains) when it is cancelled
    const lock = await lockChains();
    let writing: number;
    try {
      await testbed.startWorker();
      writing = await start();
      await eventually(
        () => runState(reviewer.cookie, writing),
        (run) => run.status === "RUNNING",
      );
      expect((await cancel(reviewer.cookie, writing)).status).toBe(200);
    } finally {
      await lock.release();
    }
    // the worker stops at its next heartbeat, leaves no files, and is free for the next run
    const next = await start();
    expect(await finished(reviewer.cookie, next)).toMatchObject({ status: "SUCCEEDED", rowsWritten: 3 });
    for (const id of [queued, writing]) {
      expect(await runState(viewer.cookie, id)).toMatchObject({ status: "CANCELLED", manifest: null });
      await eventually(
        async () => readdirSync(exportsDir()).filter((name) => name.startsWith(`run-${id}`)),
        (names) => names.length === 0,
        5_000,
      );
    }
    // an ended run is not cancelled again; the cancels are in the audit trail
    const again = await cancel(reviewer.cookie, next);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(/only a queued or writing export run can be cancelled \(export run \d+ is succeeded\)/);
    const audit = await listAudit({ who: reviewer.user.id, limit: 20 });
    expect(
      audit.rows
        .filter((row) => row.action === "export.cancel")
        .map((row) => row.entityId)
        .sort(),
    ).toEqual([String(queued), String(writing)].sort());
  });

  it("fails an export its workers died on three times, with why, instead of taking it over again", { timeout: 90_000 }, async () => {
    const reviewer = await sessionFor("REVIEWER");
    const dataset = await importedDataset("sl-chains.jsonl");
    const exportId = await exportOf(reviewer.cookie, dataset.id);
    const run = await createExportRun(pgPool(), exportId, { userId: reviewer.user.id });
    for (let death = 1; death <= 3; death++) {
      // a worker takes the run and dies in the middle of it
      await killMidExport(run.id, exportsDir(), 1);
      await pgPool().query(`UPDATE "ExportRun" SET "heartbeatAt" = now() - interval '2 minutes' WHERE id = $1`, [run.id]);
    }
    // a studio started now (its worker's sweep queues the stale run again) gives it up at once
    await testbed.startWorker();
    const failed = await finished(reviewer.cookie, run.id);
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(
      new RegExp(`^export run ${run.id}: given up after 3 attempts: each worker that took it stopped \\(it died or hung\\) before finishing it, the last one at \\d+ rows of 3\\. `),
    );
    // the worker that gave it up removes what the dead ones wrote, right after marking it
    await eventually(
      async () => readdirSync(exportsDir()).filter((name) => name.startsWith(`run-${run.id}`)),
      (left) => left.length === 0,
    );
    // and it serves the next run of the same export
    const next = await createExportRun(pgPool(), exportId, { userId: reviewer.user.id });
    await pgPool().query(`UPDATE "ExportRun" SET "createdAt" = now() - interval '1 minute' WHERE id = $1`, [next.id]);
    expect(await finished(reviewer.cookie, next.id)).toMatchObject({ status: "SUCCEEDED", rowsWritten: 3 });
  });

  it("ends the job it takes in the transaction that took it, not on another connection that would wait for that transaction", async () => {
    const reviewer = await sessionFor("REVIEWER");
    const dataset = await importedDataset("sl-chains.jsonl");
    const exportId = await exportOf(reviewer.cookie, dataset.id);
    await testbed.startWorker();
    const started = await startRunRoute(requestWithSession(reviewer.cookie, `${BASE}/api/exports/${exportId}/runs`, { method: "POST" }), params({ id: String(exportId) }));
    const { exportRunId } = (await started.json()) as { exportRunId: number };
    expect(await finished(reviewer.cookie, exportRunId)).toMatchObject({ status: "SUCCEEDED" });
    // a job left "active" was completed by a statement that could not see the taking transaction's
    // change: on a Postgres server it changes nothing; on the embedded database it waits forever
    const { rows } = await pgPool().query<{ state: string }>(`SELECT state::text FROM pgboss.job WHERE name = 'export-run' AND data->>'exportRunId' = $1`, [String(exportRunId)]);
    expect(rows.map((r) => r.state)).toEqual(["completed"]);
  });
});
