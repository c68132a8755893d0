import "server-only";
import { execFileSync } from "node:child_process";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import type pg from "pg";
import { LAYOUT_COLUMNS } from "@/lib/cai/exports/columns";
import { datasetCard } from "@/lib/cai/exports/dataset-card";
import { DATASET_CARD_FILE, templateHashes, type ExportManifest, type ManifestConstitution, type ManifestDataFile, type ManifestJudge } from "@/lib/cai/exports/manifest";
import { exportDefinitionSchema, type ExportFileTypeName, type ExportLayoutName } from "@/lib/schemas/exports";
import { dbOn } from "../db";
import { claim, exhausted, finish as finishClaim, heartbeat, kyselyOn, lostClaim, mustHold } from "../jobs/claims";
import { LostClaimError } from "../jobs/lost-claim";
import { inTransaction, isEmbeddedDatabase } from "../pg";
import { exportRunEnded } from "../webhooks/events";
import { RUN_CREATED_BY } from "./definitions";
import { EXPORT_RUNS } from "./queue";
import { exportsDir, MANIFEST_FILE, partialDirectoryName, PRIVATE_DIRECTORY, PRIVATE_FILE, runDirectoryName } from "./files";
import { LAYOUT_FILES, chunkRows, copyRows, countSelected, type StreamOptions } from "./stream";
import { definitionNames } from "./views";
import { FILE_EXTENSIONS, hashFile, openRowFile, type RowFileWriter } from "./writers";

// Running an export: the worker (or the CLI, in-process) calls runExport with the run's id.
//
//   claim     QUEUED -> RUNNING with a conditional update; a RUNNING run whose heartbeat is older
//             than STALE_SECONDS was left by a dead worker and is taken over the same way
//   write     one REPEATABLE READ, READ ONLY transaction: count the rows (totalRows), then stream
//             them (COPY TO STDOUT, decoded as it arrives: stream.ts) into files under
//             run-<id>.partial/, with rowsWritten and the heartbeat updated at most every
//             HEARTBEAT_MS (fenced: a worker that lost its claim stops). On the embedded database,
//             no transaction: keyset chunks, one short statement each (stream.ts, chunkRows), since
//             it runs one connection's transaction at a time and does not speak COPY
//   card      README.md, the dataset card (lib/cai/exports/dataset-card.ts): the files and the
//             manifest's provenance, so the directory uploads to the Hugging Face Hub as a dataset
//   finish    manifest.json written last (listing the card too), then SUCCEEDED (guarded by the claim) and the directory
//             renamed to run-<id> in one transaction: files appear complete or not at all
//
// A takeover deletes whatever the dead worker left and starts over; a SUCCEEDED run is never
// touched again. An error marks the run FAILED with its message and removes the partial files. A
// run whose workers died or hung on it maxAttempts times (EXPORT_RUNS, queue.ts) is marked FAILED
// instead of taken over again: a job that takes its worker down must not do so forever. A run
// cancelled while it writes (cancel.ts) fails the next heartbeat's fence: the writer stops and
// removes its partial files. Claim, heartbeat, fence and give-up: lib/server/jobs/claims.ts.

export type { ExportManifest } from "@/lib/cai/exports/manifest";

export const STALE_SECONDS = 60;
const HEARTBEAT_MS = 500;

export interface RunExportOptions {
  /** who is writing: stored as claimedBy, e.g. "worker host:pid" */
  worker: string;
  /** where run directories go (default exportsDir()) */
  root?: string;
  /** rows per batch written (stream.ts: 500 from COPY, 2,000 per FETCH on the embedded database) */
  batchSize?: number;
  /** called after each batch with the rows written so far (the CLI's progress line) */
  onProgress?(progress: { rowsWritten: number; totalRows: number }): void;
}

interface ClaimedRun {
  id: number;
  exportId: number;
  exportName: string;
  layout: ExportLayoutName;
  fileType: ExportFileTypeName;
  definition: unknown;
  createdBy: string;
  createdAt: Date;
}

export async function runExport(db: pg.Pool, exportRunId: number, options: RunExportOptions): Promise<void> {
  const root = options.root ?? exportsDir();
  if (await giveUpIfExhausted(db, exportRunId)) {
    await rm(path.join(root, partialDirectoryName(exportRunId)), { recursive: true, force: true });
    return;
  }
  const run = await claimRun(db, exportRunId, options.worker);
  if (!run) return;
  const partial = path.join(root, partialDirectoryName(run.id));
  try {
    // whatever an earlier claim left is not to be trusted: start over
    await rm(partial, { recursive: true, force: true });
    await rm(path.join(root, runDirectoryName(run.id)), { recursive: true, force: true });
    // export files hold the studio's data: readable by the studio's own user only (0700 / 0600),
    // the root too, as an older studio made it with the default mode
    await mkdir(root, { recursive: true, mode: PRIVATE_DIRECTORY });
    await chmod(root, PRIVATE_DIRECTORY);
    await mkdir(partial, { mode: PRIVATE_DIRECTORY });
    const manifest = await writeFiles(db, run, partial, options);
    await finish(db, run, options.worker, manifest, partial, path.join(root, runDirectoryName(run.id)));
  } catch (error) {
    if (error instanceof LostClaimError) {
      // taken over: the partial files are the new owner's; cancelled: nobody will finish them
      if (await isCancelled(db, run.id)) await rm(partial, { recursive: true, force: true });
      return;
    }
    await rm(partial, { recursive: true, force: true }).catch(() => {});
    // fenced, but a run taken over meanwhile is simply not marked (nor told of)
    await inTransaction(async (client) => {
      const ended = await finishClaim(dbOn(client), EXPORT_RUNS, run.id, options.worker, "FAILED")
        .set({ error: `export run ${run.id}: ${(error as Error).message}` })
        .executeTakeFirstOrThrow();
      if (ended.numUpdatedRows > 0n) await exportRunEnded(client, run.id);
    }, db);
  }
}

async function claimRun(db: pg.Pool, exportRunId: number, worker: string): Promise<ClaimedRun | null> {
  const row = await claim(kyselyOn(db), EXPORT_RUNS, exportRunId, worker, STALE_SECONDS)
    .set({ startedAt: sql`now()`, rowsWritten: 0, totalRows: null, error: null })
    // r: the run as RUN_CREATED_BY names it (the same row; its creator never changes)
    .from(["Export", "ExportRun as r"])
    .whereRef("Export.id", "=", "ExportRun.exportId")
    .whereRef("r.id", "=", "ExportRun.id")
    .returning([
      "ExportRun.id",
      "ExportRun.exportId",
      "Export.name as exportName",
      "ExportRun.definition",
      // the Date it reads as, typed here whatever lib/generated/db/types.ts makes of Generated<Timestamp>
      sql<Date>`"ExportRun"."createdAt"`.as("createdAt"),
      sql<ExportLayoutName>`"ExportRun".layout::text`.as("layout"),
      sql<ExportFileTypeName>`"ExportRun"."fileType"::text`.as("fileType"),
      sql<string>`coalesce(${sql.raw(RUN_CREATED_BY)}, 'system')`.as("createdBy"),
    ])
    .executeTakeFirst();
  return row ?? null;
}

/** A stale RUNNING run already claimed maxAttempts times: FAILED, saying why. True when it was. */
async function giveUpIfExhausted(db: pg.Pool, exportRunId: number): Promise<boolean> {
  return inTransaction(async (client) => {
    const { numUpdatedRows } = await exhausted(dbOn(client), EXPORT_RUNS, STALE_SECONDS)
      .set({
        status: "FAILED",
        error: sql<string>`format('export run %s: given up after %s attempts: each worker that took it stopped (it died or hung) before finishing it, '
          'the last one at %s rows of %s. The server or worker log says why; running the export again starts a new run.',
          id, attempts, "rowsWritten", coalesce("totalRows"::text, 'an uncounted number'))`,
      })
      .where("id", "=", exportRunId)
      .executeTakeFirstOrThrow();
    if (numUpdatedRows === 1n) await exportRunEnded(client, exportRunId);
    return numUpdatedRows === 1n;
  }, db);
}

async function isCancelled(db: pg.Pool, exportRunId: number): Promise<boolean> {
  const row = await kyselyOn(db).selectFrom("ExportRun").select("status").where("id", "=", exportRunId).executeTakeFirst();
  return row?.status === "CANCELLED";
}

async function writeFiles(db: pg.Pool, run: ClaimedRun, directory: string, options: RunExportOptions): Promise<ExportManifest> {
  const definition = exportDefinitionSchema.parse(run.definition);
  const columns = LAYOUT_COLUMNS[run.layout];
  const writers = new Map<string, RowFileWriter>();
  for (const base of LAYOUT_FILES[run.layout]) {
    const name = `${base}.${FILE_EXTENSIONS[run.fileType]}`;
    writers.set(base, openRowFile(run.fileType, path.join(directory, name), name, columns));
  }
  const versions = new Set<number>();
  // PREFERENCE rows name the judge whose verdict labelled them (null: a person's label)
  const judges = new Map<string, ManifestJudge>();
  let rowsWritten = 0;
  let totalRows = 0;
  let lastBeat = Date.now();
  const beat = async (force: boolean) => {
    options.onProgress?.({ rowsWritten, totalRows });
    if (!force && Date.now() - lastBeat < HEARTBEAT_MS) return;
    lastBeat = Date.now();
    const held = await heartbeat(kyselyOn(db), EXPORT_RUNS, [run.id], options.worker, { rowsWritten, totalRows });
    if (!held.has(run.id)) throw lostClaim(EXPORT_RUNS, run.id);
  };

  const stream: StreamOptions = {
    batchSize: options.batchSize,
    form: run.fileType === "PARQUET" ? "plain" : "text",
    async onRows(rows, streamCounts) {
      const perFile = new Map<string, object[]>();
      for (const { files, row, constitutionVersionId } of rows) {
        if (constitutionVersionId !== null) versions.add(constitutionVersionId);
        if (run.layout === "PREFERENCE") {
          const { judge_endpoint: endpoint, judge_model: model } = row as { judge_endpoint: string | null; judge_model: string | null };
          if (endpoint !== null || model !== null) judges.set(JSON.stringify([endpoint, model]), { endpoint, model });
        }
        for (const file of files) {
          if (!perFile.has(file)) perFile.set(file, []);
          perFile.get(file)!.push(row);
        }
      }
      for (const [file, batch] of perFile) await writers.get(file)!.write(batch);
      // progress counts selected rows done, kept or not, so it ends at totalRows
      rowsWritten = streamCounts.selected;
      await beat(false);
    },
  };
  let counts;
  if (await isEmbeddedDatabase(db)) {
    // the embedded database runs nothing else while a connection holds a transaction or a cursor
    // open, and this export may take minutes: count, then read in short keyset chunks
    totalRows = await countSelected(db, run.layout, definition);
    await beat(true);
    counts = await chunkRows(db, run.layout, definition, stream);
  } else {
    const reader = await db.connect();
    let broken = false;
    try {
      await reader.query("BEGIN");
      await reader.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      totalRows = await countSelected(reader, run.layout, definition);
      await beat(true);
      counts = await copyRows(reader, run.layout, definition, stream);
      await reader.query("COMMIT");
    } catch (error) {
      // a COPY stopped half-read (a lost claim, a full disk) leaves the connection unable to take
      // a ROLLBACK: it is closed instead, which ends the transaction
      broken = true;
      throw error;
    } finally {
      reader.release(broken);
    }
  }
  const files: ManifestDataFile[] = [];
  for (const writer of writers.values()) files.push(await writer.finish());
  rowsWritten = counts.selected;
  await beat(true);

  const written = run.layout === "H4_CAI" ? files.filter((f) => f.name.includes("_sft")).reduce((n, f) => n + f.rows, 0) : files.reduce((n, f) => n + f.rows, 0);
  const manifest: ExportManifest = {
    format: "cai-studio-export",
    manifestVersion: 1,
    exportId: run.exportId,
    exportName: run.exportName,
    exportRunId: run.id,
    layout: run.layout,
    fileType: run.fileType,
    definition,
    counts: { selected: counts.selected, written, leftOut: counts.leftOut },
    constitutionVersions: await constitutionVersions(db, [...versions]),
    ...(run.layout === "PREFERENCE" ? { judges: [...judges.values()] } : {}),
    templateHashes: templateHashes(),
    code: await codeVersion(),
    createdBy: run.createdBy,
    createdAt: run.createdAt.toISOString(),
    finishedAt: new Date().toISOString(),
    files,
  };
  const card = path.join(directory, DATASET_CARD_FILE);
  await writeFile(card, datasetCard(manifest, await definitionNames(definition)), { mode: PRIVATE_FILE });
  manifest.files = [...files, { name: DATASET_CARD_FILE, ...(await hashFile(card)) }];
  await writeFile(path.join(directory, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: PRIVATE_FILE });
  return manifest;
}

async function finish(db: pg.Pool, run: ClaimedRun, worker: string, manifest: ExportManifest, partial: string, final: string): Promise<void> {
  await inTransaction(async (client) => {
    const ended = await finishClaim(dbOn(client), EXPORT_RUNS, run.id, worker, "SUCCEEDED")
      .set({ directory: path.basename(final), manifest: sql<never>`${JSON.stringify(manifest)}::jsonb`, heartbeatAt: sql`now()` })
      .executeTakeFirstOrThrow();
    mustHold(EXPORT_RUNS, run.id, ended);
    await exportRunEnded(client, run.id);
    // inside the transaction: a failed rename leaves the run RUNNING, to be taken over
    await rename(partial, final);
  }, db);
}

async function constitutionVersions(db: pg.Pool, ids: number[]): Promise<ManifestConstitution[]> {
  if (ids.length === 0) return [];
  return kyselyOn(db)
    .selectFrom("ConstitutionVersion as v")
    .innerJoin("Constitution as c", "c.id", "v.constitutionId")
    .select(["v.id", "c.name as constitution", "v.version", "v.contentHash"])
    .where("v.id", "=", sql<number>`ANY(${ids}::int[])`)
    .orderBy("v.id")
    .execute();
}

const REPO_ROOT = path.resolve(fileURLToPath(new URL("../../..", import.meta.url)));
let code: ExportManifest["code"] | undefined;

/** The git commit of the checkout when there is one, and the package version always. */
async function codeVersion(): Promise<ExportManifest["code"]> {
  if (code) return code;
  let gitCommit: string | null = null;
  try {
    gitCommit =
      execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "ignore"] })
        .toString()
        .trim() || null;
  } catch {
    gitCommit = null;
  }
  const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  code = { gitCommit, packageVersion: version };
  return code;
}
