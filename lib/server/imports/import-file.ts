import "server-only";
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type pg from "pg";
import { roleAtLeast, roleName, type Role } from "@/lib/auth/roles";
import { parseConstitutionFile } from "@/lib/formats/constitution";
import { DetectError, type FileKind } from "@/lib/formats/detect";
import { fileKindOf } from "@/lib/formats/file-kind";
import { formatBytes } from "@/lib/formats/lines";
import { type ImportLimits, LimitError } from "@/lib/formats/limits";
import { nulProblem } from "@/lib/formats/nul";
import { CorruptFileError, describeProblem, FormatError } from "@/lib/formats/problems";
import { readParquetRecords, readRecords } from "@/lib/formats/read";
import { openImportSource, type ImportSource } from "@/lib/formats/source";
import { recordAudit } from "../audit/record";
import { saveConstitutionParts, type SavedVersion } from "../constitutions/store";
import { db, dbOn } from "../db";
import { UserError } from "../errors";
import { inTransaction, isEmbeddedDatabase, pgPool, transactionOn } from "../pg";
import { importSucceeded } from "../webhooks/events";
import { DatasetWriter, type ImportStats } from "./dataset-writer";
import { importLimitsFromEnv } from "./limits";
import type { ImportFormat } from "@/lib/generated/db/types";
import { ProblemLog } from "./problem-log";
import { undoImport } from "./undo-import";
import { FORMAT_CHOICES, type FormatChoice } from "@/lib/formats/choices";
import type { ImportProgress } from "@/lib/schemas/import";

// One file into the studio, all or nothing: a file that fails leaves the database as it was, apart
// from the Import row that records the failure. On a Postgres server the whole import is one
// transaction; on the embedded database (where an open transaction stops every other request) its
// batches commit one by one while the Import row says RUNNING, and a failure undoes them
// (undo-import.ts). With skipBadLines, bad lines are reported and the rest goes in.

export interface ImportOptions {
  /** the file on disk (a browser upload is spooled to a temporary file first) */
  path: string;
  /** the name to show in messages and in the import history */
  fileName: string;
  /** the dataset to import into, made if it does not exist (dataset files) */
  dataset?: string;
  /** the constitution to add a version to (constitution files; default: the file's name) */
  constitution?: string;
  format?: FormatChoice;
  skipBadLines?: boolean;
  tags?: string[];
  /** who produced the imported responses (default: the file's name) */
  producer?: string;
  maxLineBytes?: number;
  /** limits other than this studio's (CAI_IMPORT_MAX_*, lib/server/imports/limits.ts) */
  limits?: Partial<ImportLimits>;
  userId?: string;
  /**
   * the importing person's role: constitutions are admin-only, so a constitution file from anyone
   * else is refused. Undefined only for the command line, whose user holds the database itself.
   */
  role?: Role;
  /** once the file's kind is known and the import starts: what its Import row will say */
  onStarted?: (row: ImportRow) => void;
  /**
   * on the embedded database, once the Import row is committed and batches start to commit: the
   * id to undo the import by should this process die before it ends (isolated-import.ts)
   */
  onCommitting?: (importId: number) => void;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportResult {
  importId: number;
  kind: "dataset" | "constitution";
  format: string;
  dataset?: { id: number; name: string };
  constitution?: SavedVersion & { name: string };
  stats: Partial<ImportStats> & { lines: number };
  problems: ProblemLog;
  notices: ProblemLog;
  /** an earlier successful import of a file with the same bytes */
  sameFileImportedBefore?: { importId: number; createdAt: Date };
  elapsedMs: number;
}

export class ImportFailedError extends UserError {
  constructor(
    message: string,
    readonly importId: number | undefined,
  ) {
    super(message);
  }
}

const PROGRESS_EVERY_MS = 200;
/** After a large import the planner's statistics are stale until autovacuum comes round. */
const ANALYZE_AFTER_RECORDS = 10_000;

export async function importFile(options: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const limits: ImportLimits = { ...importLimitsFromEnv(), ...definedOnly(options.limits), ...definedOnly({ maxLineBytes: options.maxLineBytes }) };
  const source = await openImportSource(options.path, limits);
  // a file that is not recognised (or not the importer's to import) never started an import: it
  // leaves no Import row
  const kind = await fileKind(source, options, limits.maxLineBytes).catch((error: unknown) => {
    const message = userMessage(error, options.fileName);
    throw message === undefined ? error : new ImportFailedError(message, undefined);
  });
  if (kind.kind === "constitution" && options.role && !roleAtLeast(options.role, "ADMIN")) {
    throw new ImportFailedError(`${options.fileName}: this file is a constitution, and only an admin may import constitutions (you are a ${roleName(options.role)})`, undefined);
  }
  const record = { fileName: options.fileName, fileBytes: source.size, format: kind.kind === "dataset" ? kind.format : "CONSTITUTION" };
  options.onStarted?.(record);
  try {
    const result = kind.kind === "constitution" ? await importConstitution(source, options, record, limits) : await importDataset(source, kind, options, record, limits);
    if ((result.stats.records ?? 0) >= ANALYZE_AFTER_RECORDS) await analyzeImportedTables();
    return { ...result, elapsedMs: Date.now() - started };
  } catch (error) {
    const message = userMessage(error, options.fileName);
    if (message === undefined) throw error;
    const importId = await recordFailure(record, options, message);
    throw new ImportFailedError(message, importId);
  }
}

/** The message for a problem with the file or the request; undefined for a fault of ours. */
function userMessage(error: unknown, fileName: string): string | undefined {
  if (error instanceof FormatError || error instanceof UserError) return error.message;
  if (error instanceof CorruptFileError) return `${fileName}: ${error.message}`;
  if (error instanceof LimitError) return describeProblem(fileName, { line: error.line, message: error.message });
  return undefined;
}

function definedOnly<T extends object>(values: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export type ImportRow = { fileName: string; fileBytes: number; format: string };

async function fileKind(source: ImportSource, options: ImportOptions, maxLineBytes: number): Promise<FileKind> {
  const choice = options.format ?? "auto";
  if (choice !== "auto") return FORMAT_CHOICES[choice].kind;
  if (source.size === 0) throw new UserError(`${options.fileName}: the file is empty`);
  try {
    return await fileKindOf(source, options.path, options.fileName, maxLineBytes);
  } catch (error) {
    if (error instanceof DetectError) throw new UserError(`${options.fileName}: ${error.message}`);
    throw error;
  }
}

async function importDataset(
  source: ImportSource,
  kind: Extract<FileKind, { kind: "dataset" }>,
  options: ImportOptions,
  row: ImportRow,
  limits: ImportLimits,
): Promise<Omit<ImportResult, "elapsedMs">> {
  const datasetName = options.dataset?.trim();
  if (!datasetName) throw new UserError(`${options.fileName}: choose a dataset to import into`);
  await source.checkSize();
  const pool = pgPool();
  if (!(await isEmbeddedDatabase(pool))) {
    // one transaction: a failure rolls everything back
    return inTransaction(async (client) => {
      const started = await startImport(client, datasetName, row, options);
      return writeDataset(client, source, kind, options, limits, { ...started, datasetName });
    }, pool);
  }
  // the embedded database runs nothing else while a transaction is open, and an import may take
  // minutes: its batches commit one by one, and a failure undoes what the import wrote
  const client = await pool.connect();
  try {
    const started = await transactionOn(client, async () => {
      const running = await dbOn(client)
        .selectFrom("Import as i")
        .innerJoin("Dataset as d", "d.id", "i.datasetId")
        .select("i.id")
        .where("d.name", "=", datasetName)
        .where("i.status", "=", "RUNNING")
        .executeTakeFirst();
      if (running) {
        throw new UserError(`${options.fileName}: import #${running.id} into "${datasetName}" is still running; on the embedded database imports into one dataset go one at a time`);
      }
      return startImport(client, datasetName, row, options);
    });
    options.onCommitting?.(started.importId);
    try {
      return await writeDataset(client, source, kind, options, limits, { ...started, datasetName, commitEachBatch: true });
    } catch (error) {
      await undoImport(client, started.importId, { datasetCreated: started.datasetCreated }).catch((undoError: Error) =>
        console.error(`import #${started.importId} failed and could not be undone (the next start undoes it):`, undoError),
      );
      throw error;
    }
  } finally {
    client.release();
  }
}

interface StartedImport {
  datasetId: number;
  datasetCreated: boolean;
  importId: number;
}

async function startImport(client: pg.ClientBase, datasetName: string, row: ImportRow, options: ImportOptions): Promise<StartedImport> {
  const dataset = await dbOn(client)
    .insertInto("Dataset")
    .values({ name: datasetName })
    .onConflict((conflict) => conflict.column("name").doUpdateSet((eb) => ({ name: eb.ref("excluded.name") })))
    // xmax is 0 on a row this statement inserted, not on one it updated
    .returning(["id", sql<boolean>`(xmax = 0)`.as("created")])
    .executeTakeFirstOrThrow();
  const importId = await insertImport(client, row, options, dataset.id);
  return { datasetId: dataset.id, datasetCreated: dataset.created, importId };
}

/**
 * Reads the file's records into the dataset, then marks the import done: in the caller's
 * transaction, or with commitEachBatch each batch in its own and the end in one more.
 */
async function writeDataset(
  client: pg.ClientBase,
  source: ImportSource,
  kind: Extract<FileKind, { kind: "dataset" }>,
  options: ImportOptions,
  limits: ImportLimits,
  target: StartedImport & { datasetName: string; commitEachBatch?: boolean },
): Promise<Omit<ImportResult, "elapsedMs">> {
  const { datasetId, importId, datasetName } = target;
  const problems = new ProblemLog();
  const fileHash = createHash("sha256");
  const progress: ImportProgress = { fileBytes: source.size, fileBytesRead: 0, lines: 0, records: 0, problems: 0, elapsedMs: 0 };
  const started = Date.now();
  let lastReport = 0;

  const writer = new DatasetWriter(client, {
    datasetId,
    importId,
    fileName: options.fileName,
    producer: options.producer ?? options.fileName,
    tags: options.tags ?? [],
    commitEachBatch: target.commitEachBatch,
  });
  const chunks = source.chunks((chunk) => {
    fileHash.update(chunk);
    progress.fileBytesRead += chunk.length;
  });
  let events;
  if (kind.syntax === "parquet") {
    // Parquet is read by row group from the file itself; one pass over its bytes hashes it
    for await (const chunk of chunks) void chunk;
    events = readParquetRecords(options.path, kind.format, limits);
  } else {
    events = readRecords(chunks, { format: kind.format, syntax: kind.syntax, limits });
  }
  try {
    for await (const event of events) {
      progress.lines++;
      if ("problem" in event) {
        if (!options.skipBadLines || event.problem.line === 0) throw new FormatError(options.fileName, event.problem);
        problems.push(event.problem);
        progress.problems++;
      } else {
        await writer.add(event.record);
        progress.records++;
      }
      if (options.onProgress && Date.now() - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = Date.now();
        options.onProgress({ ...progress, elapsedMs: lastReport - started });
      }
    }
  } catch (error) {
    // the batch still being written must end before the rollback (or the undo) takes the connection
    await writer.settle();
    throw error;
  }
  const stats = await writer.finish();
  if (stats.records === 0) {
    throw new FormatError(options.fileName, { ...problems.items[0], message: `no row could be imported (${problems.count} bad); the first: ${problems.items[0].message}` });
  }
  const sha = fileHash.digest("hex");
  const allStats = { ...stats, lines: progress.lines, datasetName };
  const finish = async () => {
    await dbOn(client)
      .updateTable("Import")
      .set({
        status: "SUCCEEDED",
        fileSha256: sha,
        stats: JSON.stringify({ ...allStats, problemCount: problems.count, noticeCount: writer.notices.count }),
        problems: JSON.stringify([...problems.items, ...writer.notices.items]),
        finishedAt: sql`now()`,
      })
      .where("id", "=", importId)
      .execute();
    await recordAudit(client, {
      userId: options.userId,
      action: "import.create",
      entityType: "import",
      entityId: importId,
      after: { fileName: options.fileName, dataset: datasetName, format: kind.format, records: stats.records, promptsNew: stats.promptsNew, problems: problems.count },
    });
    await importSucceeded(client, {
      importId,
      fileName: options.fileName,
      kind: "dataset",
      into: { id: datasetId, name: datasetName },
      counts: { records: stats.records, promptsNew: stats.promptsNew, comparisons: stats.comparisons, problems: problems.count },
    });
    return earlierImport(client, sha, datasetId, importId);
  };
  const sameFileImportedBefore = target.commitEachBatch ? await transactionOn(client, finish) : await finish();
  options.onProgress?.({ ...progress, elapsedMs: Date.now() - started });
  return {
    importId,
    kind: "dataset" as const,
    format: kind.format,
    dataset: { id: datasetId, name: datasetName },
    stats: allStats,
    problems,
    notices: writer.notices,
    sameFileImportedBefore,
  };
}

async function importConstitution(source: ImportSource, options: ImportOptions, row: ImportRow, limits: ImportLimits): Promise<Omit<ImportResult, "elapsedMs">> {
  const fileHash = createHash("sha256");
  const bytes = await readWhole(source, limits.maxConstitutionBytes, (chunk) => fileHash.update(chunk));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new FormatError(options.fileName, { line: 0, message: "is not valid UTF-8" });
  }
  const parts = parseConstitutionFile(text, options.fileName);
  const nul = nulProblem(parts, 0);
  if (nul) throw new FormatError(options.fileName, nul);
  const name = options.constitution?.trim() || options.fileName.replace(/\.json(\.gz)?$/i, "");
  return inTransaction(async (client) => {
    const importId = await insertImport(client, row, options, null);
    const saved = await saveConstitutionParts(client, { name, parts, note: `imported from ${options.fileName}`, importId });
    const sha = fileHash.digest("hex");
    const stats = {
      lines: 1,
      principlesNew: saved.unchanged ? 0 : (parts.critiqueRevision?.length ?? 0) + (parts.preference?.length ?? 0),
      fewShots: parts.fewShots?.examples.length ?? 0,
      constitution: name,
      version: saved.version,
      unchanged: saved.unchanged,
    };
    await dbOn(client)
      .updateTable("Import")
      .set({ status: "SUCCEEDED", fileSha256: sha, stats: JSON.stringify(stats), finishedAt: sql`now()` })
      .where("id", "=", importId)
      .execute();
    await recordAudit(client, { userId: options.userId, action: "import.constitution", entityType: "import", entityId: importId, after: stats });
    await importSucceeded(client, {
      importId,
      fileName: options.fileName,
      kind: "constitution",
      into: { id: saved.constitutionId, name },
      counts: { version: saved.version, principlesNew: stats.principlesNew },
    });
    return {
      importId,
      kind: "constitution" as const,
      format: "CONSTITUTION",
      constitution: { ...saved, name },
      stats,
      problems: new ProblemLog(),
      notices: new ProblemLog(),
    };
  });
}

async function analyzeImportedTables(): Promise<void> {
  await sql`ANALYZE "Prompt", "Response", "Chain", "ChainStep", "Comparison", "HumanLabel", "Score"`.execute(db);
}

/** A constitution file's content, which is parsed whole: counted as it un-gzips, and refused past the limit. */
async function readWhole(source: ImportSource, maxBytes: number, onFileChunk: (chunk: Buffer) => void): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of source.chunks(onFileChunk)) {
    length += chunk.length;
    if (length > maxBytes) throw new LimitError("maxConstitutionBytes", `a constitution file is read whole, and this one is more than ${formatBytes(maxBytes)}`);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

async function insertImport(client: pg.ClientBase, row: ImportRow, options: ImportOptions, datasetId: number | null): Promise<number> {
  const inserted = await dbOn(client)
    .insertInto("Import")
    .values({
      datasetId,
      fileName: row.fileName,
      fileSha256: "",
      fileBytes: row.fileBytes,
      format: formatOf(row),
      skipBadLines: options.skipBadLines ?? false,
      createdById: options.userId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** The row's format as the ImportFormat enum takes it (a name it does not know fails in the database). */
function formatOf(row: ImportRow) {
  return sql<ImportFormat>`${row.format}`;
}

/** After a rollback (or the import process's death), the failure itself is still worth a row in the import history. */
export async function recordFailure(row: ImportRow, options: ImportOptions, message: string): Promise<number | undefined> {
  try {
    const datasetName = options.dataset?.trim() ?? null;
    const { id } = await db
      .insertInto("Import")
      .values({
        datasetId: (eb) => eb.selectFrom("Dataset").select("id").where("name", "=", datasetName),
        fileName: row.fileName,
        fileSha256: "",
        fileBytes: row.fileBytes,
        format: formatOf(row),
        skipBadLines: options.skipBadLines ?? false,
        status: "FAILED",
        error: message,
        stats: JSON.stringify({ datasetName: options.dataset?.trim() }),
        finishedAt: sql`now()`,
        createdById: options.userId ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(pgPool(), { userId: options.userId, action: "import.fail", entityType: "import", entityId: id, after: { fileName: row.fileName, error: message } });
    return id;
  } catch (error) {
    console.error("could not record the failed import", error);
    return undefined;
  }
}

async function earlierImport(client: pg.ClientBase, sha: string, datasetId: number, importId: number) {
  const earlier = await dbOn(client)
    .selectFrom("Import")
    .select(["id", "createdAt"])
    .where("fileSha256", "=", sha)
    .where("datasetId", "=", datasetId)
    .where("status", "=", "SUCCEEDED")
    .where("id", "<>", importId)
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return earlier ? { importId: earlier.id, createdAt: earlier.createdAt } : undefined;
}
