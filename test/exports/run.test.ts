import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataFiles, type ExportManifest } from "@/lib/cai/exports/manifest";
import { exportRequestSchema, type ExportFileTypeName, type ExportLayoutName } from "@/lib/schemas/exports";
import { createExport, createExportRun, getExportRun, listExports } from "@/lib/server/exports/definitions";
import { exportRunFile } from "@/lib/server/exports/files";
import { previewExport } from "@/lib/server/exports/preview";
import { runExport } from "@/lib/server/exports/run";
import { pgPool } from "@/lib/server/pg";
import { readFrontMatter } from "../hub-stand-in/front-matter";
import { buildExportFixture, type ExportFixture } from "./fixture";

// Export runs end to end on the hand-made fixture: the exact bytes of every layout x file type
// (golden files, with this database's ids and names normalised), the manifest's hashes against the
// files, Parquet read back with hyparquet, takeover of a run whose worker died, and failures.

const GOLDEN = path.join(import.meta.dirname, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
let f: ExportFixture;
let root: string;

beforeAll(async () => {
  f = await buildExportFixture();
  root = mkdtempSync(path.join(tmpdir(), "cai-exports-"));
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await pgPool().end();
});

const DEFINITIONS: Record<ExportLayoutName, Record<string, unknown>> = {
  SFT: {},
  PREFERENCE: {},
  H4_CAI: { revision: "all", testFraction: 0.5, seed: 7 },
};

async function exportRun(layout: ExportLayoutName, fileType: ExportFileTypeName, definition: Record<string, unknown> = DEFINITIONS[layout]) {
  const request = exportRequestSchema.parse({
    name: `${layout} ${fileType} ${f.tag} ${Math.random()}`,
    layout,
    fileType,
    definition: { datasetIds: [f.datasetId, f.otherDatasetId], ...definition },
  });
  const saved = await createExport(pgPool(), request, { actor: "test" });
  return createExportRun(pgPool(), saved.id, { actor: "test" });
}

/** this database's ids and names out of an export file, so a golden file holds for any run */
function normalise(text: string): string {
  let out = text.replaceAll(f.tag, "TAG");
  for (const [name, id] of Object.entries(f.comparisons)) {
    out = out.replaceAll(`"comparison_id": ${id}}`, `"comparison_id": "${name}"}`).replace(new RegExp(`,${id}\\r\\n`, "g"), `,${name}\r\n`);
  }
  return out;
}

function expectGolden(name: string, text: string) {
  const file = path.join(GOLDEN, name);
  // a missing golden fails (readFileSync) instead of being written: UPDATE_GOLDEN=1 writes them
  if (UPDATE) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
}

function expectGoldenBytes(name: string, bytes: Buffer) {
  const file = path.join(GOLDEN, name);
  if (UPDATE) writeFileSync(file, bytes);
  expect(bytes.equals(readFileSync(file)), `${name} differs from its golden file`).toBe(true);
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

async function finished(runId: number) {
  const run = (await getExportRun(pgPool(), runId))!;
  expect(run, `export run ${runId}: ${run.error}`).toMatchObject({ status: "SUCCEEDED" });
  return { run, manifest: run.manifest as ExportManifest, dir: path.join(root, run.directory!) };
}

describe("golden files", () => {
  for (const layout of ["SFT", "PREFERENCE", "H4_CAI"] as const) {
    for (const fileType of ["JSONL", "CSV"] as const) {
      it(`${layout} ${fileType}: exact bytes, and the manifest's sizes and hashes match the files`, async () => {
        const queued = await exportRun(layout, fileType);
        await runExport(pgPool(), queued.id, { worker: "test", root, batchSize: 2 });
        const { run, manifest, dir } = await finished(queued.id);
        expect(run.directory).toBe(`run-${queued.id}`);
        expect(readdirSync(dir).sort()).toEqual([...manifest.files.map((file) => file.name), "manifest.json"].sort());
        for (const file of manifest.files) {
          const full = path.join(dir, file.name);
          expect(file.sha256).toBe(sha256(full));
          expect(file.bytes).toBe(statSync(full).size);
        }
        for (const file of dataFiles(manifest)) expectGolden(`${layout.toLowerCase()}-${file.name}`, normalise(readFileSync(path.join(dir, file.name), "utf8")));
        // the dataset card is listed last, and its header names every data file with rows as a split
        expect(manifest.files.at(-1)).toMatchObject({ name: "README.md" });
        const { header } = readFrontMatter(readFileSync(path.join(dir, "README.md"), "utf8"));
        const [config] = header.configs as { data_files: { path: string }[] }[];
        expect(config.data_files.map((d) => d.path)).toEqual(
          dataFiles(manifest)
            .filter((file) => file.rows > 0)
            .map((file) => file.name),
        );
        expect(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"))).toEqual(manifest);
        expect(manifest).toMatchObject({ layout, fileType, exportRunId: queued.id, createdBy: "test", code: { packageVersion: "0.1.0" } });
        expect(manifest.templateHashes.slCai).toMatch(/^[0-9a-f]{64}$/);
        expect(run.rowsWritten).toBe(run.totalRows);
      });
    }
  }

  it("H4 splits by prompt: a prompt's rows are all in train or all in test, and sft and prefs agree", async () => {
    const queued = await exportRun("H4_CAI", "JSONL");
    await runExport(pgPool(), queued.id, { worker: "test", root });
    const { manifest, dir } = await finished(queued.id);
    const rows = (name: string) =>
      readFileSync(path.join(dir, name), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).prompt as string);
    const train = rows("train_sft.jsonl");
    const test = rows("test_sft.jsonl");
    expect(train.length).toBeGreaterThan(0);
    expect(test.length).toBeGreaterThan(0);
    expect(train.filter((p) => test.includes(p))).toEqual([]);
    expect(rows("train_prefs.jsonl")).toEqual(train);
    expect(rows("test_prefs.jsonl")).toEqual(test);
    expect(manifest.counts).toMatchObject({ selected: 5, written: 5 });
    expect(manifest.constitutionVersions.map((v) => v.id).sort()).toEqual([f.versions.v1, f.versions.v2].sort());
  });
});

describe("text the way COPY escapes it", () => {
  it("tabs, backslashes, CR LF, quotes and non-ASCII come out as they went in, the same as the preview shows", async () => {
    const db = pgPool();
    const tricky = 'tab\there, back\\slash \\N, "quoted", cr\r\nlf, \\t not a tab, caf\u00e9 \u{1F600}';
    const { rows } = await db.query<{ id: number }>(`INSERT INTO "Dataset" (name) VALUES ($1) RETURNING id`, [`exports-tricky-${f.tag}`]);
    const datasetId = rows[0].id;
    const turns = [{ role: "user", content: tricky }];
    const prompt = await db.query<{ id: number }>(`INSERT INTO "Prompt" ("datasetId", turns, text, "contentHash") VALUES ($1, $2, $3, md5($3)) RETURNING id`, [
      datasetId,
      JSON.stringify(turns),
      tricky,
    ]);
    const response = (text: string, origin: string) =>
      db.query<{ id: number }>(`INSERT INTO "Response" ("promptId", text, origin) VALUES ($1, $2, $3) RETURNING id`, [prompt.rows[0].id, text, origin]);
    const initial = await response("plain", "INITIAL");
    const chain = await db.query<{ id: number }>(`INSERT INTO "Chain" ("promptId", "initialResponseId") VALUES ($1, $2) RETURNING id`, [prompt.rows[0].id, initial.rows[0].id]);
    const revision = await response(`${tricky} (revised)`, "REVISION");
    const principle = await db.query<{ id: number }>(`SELECT id FROM "Principle" WHERE "versionId" = $1 AND kind = 'CRITIQUE_REVISION' LIMIT 1`, [f.versions.v1]);
    await db.query(`INSERT INTO "ChainStep" ("chainId", index, "principleId", critique, "revisionId") VALUES ($1, 1, $2, $3, $4)`, [
      chain.rows[0].id,
      principle.rows[0].id,
      tricky,
      revision.rows[0].id,
    ]);

    const request = exportRequestSchema.parse({ name: `tricky ${f.tag}`, layout: "H4_CAI", fileType: "JSONL", definition: { datasetIds: [datasetId], testFraction: 0 } });
    const saved = await createExport(db, request);
    const queued = await createExportRun(db, saved.id);
    await runExport(db, queued.id, { worker: "test", root });
    const { dir } = await finished(queued.id);
    const written = JSON.parse(readFileSync(path.join(dir, "train_sft.jsonl"), "utf8"));
    expect(written).toMatchObject({ init_prompt: tricky, critic_response: tricky, revision_response: `${tricky} (revised)` });
    expect(written.messages).toEqual([...turns, { role: "assistant", content: `${tricky} (revised)` }]);
    const preview = await previewExport(db, { layout: "H4_CAI", definition: request.definition });
    expect(preview.rows).toEqual([written]);
  });
});

describe("a run writes exactly the rows the preview shows, for every kind of filter", () => {
  // the run streams COPY with the definition's values written into the SQL; the preview binds them
  const cases: [ExportLayoutName, Record<string, unknown>][] = [
    ["SFT", { revision: 1, principleKeys: ["harm", 'it\'s "quoted"'], runIds: [0] }],
    ["SFT", { revision: 0, constitutionVersionId: 0, excludePhrases: ["VALUED"] }],
    ["SFT", { revision: "all", endpointId: 0, excludeEvasive: true }],
    ["PREFERENCE", { minConfidence: 0.25, principleKeys: ["pref-harm"], humanWins: false, excludeFlagged: false }],
    ["PREFERENCE", { runIds: [0], excludeFlips: true, humanReviewedOnly: true }],
    ["PREFERENCE", { endpointId: 0 }],
    ["H4_CAI", { revision: 2, testFraction: 0.5, seed: 3 }],
  ];
  for (const [i, [layout, definition]] of cases.entries()) {
    it(`${layout} #${i + 1}: ${JSON.stringify(definition)}`, async () => {
      // 0 stands for this fixture's run, endpoint or constitution version
      const resolved = {
        ...definition,
        ...(definition.runIds ? { runIds: [layout === "PREFERENCE" ? f.runs.l1 : f.runs.r1] } : {}),
        ...(definition.endpointId === 0 ? { endpointId: layout === "PREFERENCE" ? f.endpoints.j1 : f.endpoints.e2 } : {}),
        ...(definition.constitutionVersionId === 0 ? { constitutionVersionId: f.versions.v1 } : {}),
      };
      const queued = await exportRun(layout, "JSONL", resolved);
      await runExport(pgPool(), queued.id, { worker: "test", root });
      const { manifest, dir } = await finished(queued.id);
      const written = dataFiles(manifest)
        .filter((file) => !file.name.includes("_prefs"))
        .flatMap((file) =>
          readFileSync(path.join(dir, file.name), "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l)),
        );
      const preview = await previewExport(pgPool(), { layout, definition: queued.definition }, 100);
      expect(written.length).toBeGreaterThan(0);
      // H4's files are split by prompt: compare as sets of rows
      const order = (rows: object[]) => (layout === "H4_CAI" ? rows.map((r) => JSON.stringify(r)).sort() : rows.map((r) => JSON.stringify(r)));
      expect(order(written)).toEqual(order(preview.rows));
      expect(manifest.counts.selected).toBe(preview.count);
    });
  }
});

describe("Parquet", () => {
  for (const layout of ["SFT", "PREFERENCE", "H4_CAI"] as const) {
    it(`${layout}: hyparquet reads back the same rows the JSONL file holds`, async () => {
      const jsonl = await exportRun(layout, "JSONL");
      const parquet = await exportRun(layout, "PARQUET");
      await runExport(pgPool(), jsonl.id, { worker: "test", root });
      await runExport(pgPool(), parquet.id, { worker: "test", root });
      const a = await finished(jsonl.id);
      const b = await finished(parquet.id);
      for (const [i, file] of dataFiles(b.manifest).entries()) {
        const full = path.join(b.dir, file.name);
        expect(file.sha256).toBe(sha256(full));
        const buffer = await asyncBufferFromFile(full);
        const metadata = await parquetMetadataAsync(buffer);
        const read = await parquetReadObjects({ file: buffer, metadata });
        const expected = readFileSync(path.join(a.dir, dataFiles(a.manifest)[i].name), "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l));
        expect(read.length).toBe(file.rows);
        // no ids or names of this database in SFT and H4 rows: their Parquet bytes are pinned too
        if (layout !== "PREFERENCE") expectGoldenBytes(`${layout.toLowerCase()}-${file.name}`, readFileSync(full));
        expect(JSON.parse(JSON.stringify(read, (_, v) => (typeof v === "bigint" ? Number(v) : v)))).toEqual(expected);
      }
    });
  }
});

describe("claims and crashes", () => {
  it("takes over a run whose worker died (stale heartbeat), discards its partial files, and writes exactly the right rows", async () => {
    const clean = await exportRun("SFT", "JSONL", { revision: "all" });
    await runExport(pgPool(), clean.id, { worker: "test", root });
    const expected = readFileSync(path.join((await finished(clean.id)).dir, "sft.jsonl"), "utf8");

    const crashed = await exportRun("SFT", "JSONL", { revision: "all" });
    await pgPool().query(`UPDATE "ExportRun" SET status = 'RUNNING', "claimedBy" = 'dead worker', "heartbeatAt" = now() - interval '5 minutes', "rowsWritten" = 2 WHERE id = $1`, [
      crashed.id,
    ]);
    const partial = path.join(root, `run-${crashed.id}.partial`);
    mkdirSync(partial, { recursive: true });
    writeFileSync(path.join(partial, "sft.jsonl"), expected.split("\n").slice(0, 2).join("\n") + '\n{"messages": [trunc');
    await runExport(pgPool(), crashed.id, { worker: "rescuer", root });
    const { run, dir } = await finished(crashed.id);
    expect(readFileSync(path.join(dir, "sft.jsonl"), "utf8")).toBe(expected);
    expect(existsSync(partial)).toBe(false);
    expect(run.rowsWritten).toBe(5);
  });

  it("leaves a run alone while its worker's heartbeat is fresh", async () => {
    const held = await exportRun("SFT", "JSONL");
    await pgPool().query(`UPDATE "ExportRun" SET status = 'RUNNING', "claimedBy" = 'busy worker', "heartbeatAt" = now() WHERE id = $1`, [held.id]);
    await runExport(pgPool(), held.id, { worker: "intruder", root });
    const { rows } = await pgPool().query(`SELECT status, "claimedBy" FROM "ExportRun" WHERE id = $1`, [held.id]);
    expect(rows[0]).toEqual({ status: "RUNNING", claimedBy: "busy worker" });
    expect(existsSync(path.join(root, `run-${held.id}`))).toBe(false);
    // a run left RUNNING would be taken over by the job tests' workers a minute later
    await pgPool().query(`DELETE FROM "Export" WHERE id = $1`, [held.exportId]);
  });

  it("never rewrites a finished run", async () => {
    const queued = await exportRun("SFT", "JSONL");
    await runExport(pgPool(), queued.id, { worker: "test", root });
    const { dir } = await finished(queued.id);
    const before = statSync(path.join(dir, "sft.jsonl")).mtimeMs;
    await pgPool().query(`UPDATE "ExportRun" SET "heartbeatAt" = now() - interval '1 hour' WHERE id = $1`, [queued.id]);
    await runExport(pgPool(), queued.id, { worker: "again", root });
    expect(statSync(path.join(dir, "sft.jsonl")).mtimeMs).toBe(before);
    expect((await getExportRun(pgPool(), queued.id))!.status).toBe("SUCCEEDED");
  });

  it("writes into run-<id>.partial while rows stream, so no finished-looking directory exists before the end", async () => {
    const queued = await exportRun("SFT", "JSONL", { revision: "all" });
    const seen: boolean[] = [];
    await runExport(pgPool(), queued.id, {
      worker: "test",
      root,
      batchSize: 1,
      onProgress: () => seen.push(existsSync(path.join(root, `run-${queued.id}.partial`)) && !existsSync(path.join(root, `run-${queued.id}`))),
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every(Boolean)).toBe(true);
    await finished(queued.id);
  });

  it("fails with a readable message when the files cannot be written", async () => {
    const queued = await exportRun("SFT", "JSONL");
    const notADirectory = path.join(root, "a-file");
    writeFileSync(notADirectory, "");
    await runExport(pgPool(), queued.id, { worker: "test", root: notADirectory });
    const run = (await getExportRun(pgPool(), queued.id))!;
    expect(run.status).toBe("FAILED");
    expect(run.error).toMatch(new RegExp(`^export run ${queued.id}: .*(ENOTDIR|EEXIST)`));
  });
});

describe("downloads and listing", () => {
  it("serves only the manifest and the files it lists", async () => {
    const queued = await exportRun("SFT", "CSV");
    await runExport(pgPool(), queued.id, { worker: "test", root });
    const { run, dir } = await finished(queued.id);
    expect(exportRunFile(run, "sft.csv", root)).toBe(path.join(dir, "sft.csv"));
    expect(exportRunFile(run, "manifest.json", root)).toBe(path.join(dir, "manifest.json"));
    for (const name of ["../run-1/sft.csv", "sft.jsonl", "/etc/passwd", ".", ""]) expect(() => exportRunFile(run, name, root)).toThrow(/has no file/);
  });

  it("lists exports with who made them and their last run; every change is audited", async () => {
    const queued = await exportRun("SFT", "JSONL");
    const listed = (await listExports(pgPool())).find((e) => e.id === queued.exportId)!;
    expect(listed.lastRun).toMatchObject({ id: queued.id, status: "QUEUED", createdBy: "test" });
    const { rows } = await pgPool().query(
      `SELECT action FROM "AuditLog" WHERE ("entityType" = 'export' AND "entityId" = $1) OR ("entityType" = 'exportRun' AND "entityId" = $2) ORDER BY id`,
      [String(queued.exportId), String(queued.id)],
    );
    expect(rows.map((r) => r.action)).toEqual(["export.create", "export.run"]);
    // a QUEUED run with no job would be queued again by the job tests' workers
    await pgPool().query(`DELETE FROM "Export" WHERE id = $1`, [queued.exportId]);
  });
});
