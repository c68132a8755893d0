import { existsSync, mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { exportRequestSchema } from "@/lib/schemas/exports";
import { createExport, createExportRun, getExportRun } from "@/lib/server/exports/definitions";
import { runExport } from "@/lib/server/exports/run";
import { pgPool } from "@/lib/server/pg";
import { killMidExport } from "./kill-mid-export";

// A worker process killed (SIGKILL) in the middle of an export: its run stays RUNNING with a
// heartbeat that stops; once that heartbeat is stale another worker takes the run over, and the
// finished file holds every row exactly once, in order.

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  await pgPool().end();
});

const CHAINS = 3_000;

async function manyChains(): Promise<number> {
  const db = pgPool();
  const tag = `${process.pid}-${Date.now()}`;
  const { rows } = await db.query<{ id: number }>(`INSERT INTO "Dataset" (name) VALUES ($1) RETURNING id`, [`kill-${tag}`]);
  const datasetId = rows[0].id;
  const { rows: v } = await db.query<{ id: number }>(
    `WITH c AS (INSERT INTO "Constitution" (name) VALUES ($1) RETURNING id)
     INSERT INTO "ConstitutionVersion" ("constitutionId", version, "contentHash") SELECT id, 1, 'h' FROM c RETURNING id`,
    [`kill-${tag}`],
  );
  const { rows: p } = await db.query<{ id: number }>(
    `INSERT INTO "Principle" ("versionId", kind, key, position, "critiqueRequest", "revisionRequest", "contentHash") VALUES ($1, 'CRITIQUE_REVISION', 'k', 0, 'c', 'r', 'h') RETURNING id`,
    [v[0].id],
  );
  await db.query(
    `WITH prompts AS (
       INSERT INTO "Prompt" ("datasetId", turns, text, "contentHash")
       SELECT $1, jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'question ' || i)), 'question ' || i, md5($3 || i::text)
       FROM generate_series(1, ${CHAINS}) i RETURNING id, text),
     initial AS (INSERT INTO "Response" ("promptId", text, origin) SELECT id, 'initial', 'INITIAL' FROM prompts RETURNING id, "promptId"),
     chains AS (INSERT INTO "Chain" ("promptId", "initialResponseId", "constitutionVersionId") SELECT "promptId", id, $2 FROM initial RETURNING id, "promptId"),
     revisions AS (INSERT INTO "Response" ("promptId", text, origin) SELECT p.id, 'revised ' || p.text, 'REVISION' FROM prompts p RETURNING id, "promptId")
     INSERT INTO "ChainStep" ("chainId", index, "principleId", critique, "revisionId")
     SELECT c.id, 1, $4, 'critique', r.id FROM chains c JOIN revisions r ON r."promptId" = c."promptId"`,
    [datasetId, v[0].id, tag, p[0].id],
  );
  return datasetId;
}

it("a worker killed mid-export: another takes the run over once its heartbeat is stale, and every row is written exactly once", async () => {
  const datasetId = await manyChains();
  const root = mkdtempSync(path.join(tmpdir(), "cai-export-kill-"));
  roots.push(root);
  const saved = await createExport(pgPool(), exportRequestSchema.parse({ name: `kill ${datasetId}`, layout: "SFT", fileType: "JSONL", definition: { datasetIds: [datasetId] } }));
  const run = await createExportRun(pgPool(), saved.id);

  await killMidExport(run.id, root, 1000);

  const dead = (await getExportRun(pgPool(), run.id))!;
  expect(dead.status).toBe("RUNNING");
  expect(dead.rowsWritten).toBeLessThan(CHAINS);
  expect(existsSync(path.join(root, `run-${run.id}.partial`))).toBe(true);
  expect(existsSync(path.join(root, `run-${run.id}`))).toBe(false);

  // not yet stale: another worker leaves it alone
  await runExport(pgPool(), run.id, { worker: "rescuer", root });
  expect((await getExportRun(pgPool(), run.id))!.status).toBe("RUNNING");

  // a minute later (the heartbeat moved back instead of waiting)
  await pgPool().query(`UPDATE "ExportRun" SET "heartbeatAt" = "heartbeatAt" - interval '61 seconds' WHERE id = $1`, [run.id]);
  await runExport(pgPool(), run.id, { worker: "rescuer", root });
  const done = (await getExportRun(pgPool(), run.id))!;
  expect(done).toMatchObject({ status: "SUCCEEDED", rowsWritten: CHAINS, totalRows: CHAINS });
  const lines = readFileSync(path.join(root, `run-${run.id}`, "sft.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean);
  const questions = lines.map((line) => JSON.parse(line).messages[0].content);
  expect(questions).toEqual(Array.from({ length: CHAINS }, (_, i) => `question ${i + 1}`));
  expect(existsSync(path.join(root, `run-${run.id}.partial`))).toBe(false);
}, 90_000);

it("a worker that loses its claim in the middle of a COPY stops at its next heartbeat, and its connection does not go back to the pool half-read", async () => {
  const datasetId = await manyChains();
  const root = mkdtempSync(path.join(tmpdir(), "cai-export-lost-"));
  roots.push(root);
  const saved = await createExport(pgPool(), exportRequestSchema.parse({ name: `lost ${datasetId}`, layout: "SFT", fileType: "JSONL", definition: { datasetIds: [datasetId] } }));
  const run = await createExportRun(pgPool(), saved.id);
  let batches = 0;
  const started = Date.now();
  await runExport(pgPool(), run.id, {
    worker: "loser",
    root,
    batchSize: 1,
    onProgress() {
      batches++;
      if (batches !== 2) return;
      // another worker takes the run over; this one is slow (its next heartbeat is due)
      void pgPool().query(`UPDATE "ExportRun" SET "claimedBy" = 'winner' WHERE id = $1`, [run.id]);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 700);
    },
  });
  expect(Date.now() - started).toBeLessThan(20_000);
  const after = (await getExportRun(pgPool(), run.id))!;
  expect(after.status).toBe("RUNNING");
  expect(after.rowsWritten).toBeLessThan(CHAINS);
  expect(existsSync(path.join(root, `run-${run.id}`))).toBe(false);
  // every pooled connection answers: none was left in the middle of the COPY
  const answers = await Promise.all(Array.from({ length: 6 }, () => pgPool().query<{ one: number }>("SELECT 1 AS one")));
  expect(answers.map((a) => a.rows[0].one)).toEqual([1, 1, 1, 1, 1, 1]);
  await pgPool().query(`DELETE FROM "Export" WHERE id = $1`, [saved.id]);
}, 60_000);
