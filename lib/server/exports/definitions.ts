import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { exportDefinitionSchema, type ExportDefinition, type ExportFileTypeName, type ExportLayoutName, type ExportRequest } from "@/lib/schemas/exports";
import { recordAudit, type Actor } from "../audit/record";
import { db, dbOn, queryOn } from "../db";
import { ConflictError, NotFoundError } from "../errors";
import { inTransaction } from "../pg";

// Saved export definitions and their runs: create, edit, list (with who made each and its last
// run), and queue a run, which copies the definition as it is now (editing the export later does
// not change what a run took). Every change is audited in its own transaction.

export interface ExportSummary {
  id: number;
  name: string;
  layout: ExportLayoutName;
  fileType: ExportFileTypeName;
  definition: ExportDefinition;
  createdById: string | null;
  /** the creator's email, or null (made on the command line, or the user is gone) */
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  lastRun: ExportRunSummary | null;
}

export type ExportRunStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

export interface ExportRunSummary {
  id: number;
  exportId: number;
  status: ExportRunStatus;
  layout: ExportLayoutName;
  fileType: ExportFileTypeName;
  definition: ExportDefinition;
  totalRows: number | null;
  rowsWritten: number;
  directory: string | null;
  manifest: unknown;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

function conflictOnName<T>(name: string) {
  return (error: unknown): T => {
    if ((error as { code?: string }).code === "23505") throw ConflictError.about("name", `an export named "${name}" exists already`);
    throw error;
  };
}

export async function createExport(pool: pg.Pool, request: ExportRequest, actor: Actor = {}): Promise<ExportSummary> {
  const id = await inTransaction(async (client) => {
    const { id } = await dbOn(client)
      .insertInto("Export")
      .values({
        name: request.name,
        layout: request.layout,
        fileType: request.fileType,
        definition: JSON.stringify(request.definition),
        createdById: actor.userId ?? null,
        updatedAt: sql`now()`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(client, { ...actor, action: "export.create", entityType: "export", entityId: id, after: request });
    return id;
  }, pool).catch(conflictOnName<number>(request.name));
  return (await getExport(pool, id))!;
}

export async function updateExport(pool: pg.Pool, exportId: number, request: ExportRequest, actor: Actor = {}): Promise<ExportSummary> {
  await inTransaction(async (client) => {
    const db = dbOn(client);
    const before = await db.selectFrom("Export").select(["name", "layout", "fileType", "definition"]).where("id", "=", exportId).forUpdate().executeTakeFirst();
    if (!before) throw new NotFoundError(`there is no export ${exportId}`);
    await db
      .updateTable("Export")
      .set({ name: request.name, layout: request.layout, fileType: request.fileType, definition: JSON.stringify(request.definition), updatedAt: sql`now()` })
      .where("id", "=", exportId)
      .execute();
    await recordAudit(client, { ...actor, action: "export.update", entityType: "export", entityId: exportId, before, after: request });
  }, pool).catch(conflictOnName<void>(request.name));
  return (await getExport(pool, exportId))!;
}

const EXPORT_COLUMNS = [
  "e.id",
  "e.name",
  sql<ExportLayoutName>`e.layout::text`.as("layout"),
  sql<ExportFileTypeName>`e."fileType"::text`.as("fileType"),
  "e.definition",
  "e.createdById",
  "u.email as createdBy",
  "e.createdAt",
  "e.updatedAt",
] as const;

/**
 * Who queued export run `r`: its user's email, or, when no user did (the command line), the actor
 * of the audit entry of its creation.
 */
export const RUN_CREATED_BY = `coalesce((SELECT u.email FROM "User" u WHERE u.id = r."createdById"),
  (SELECT a.actor FROM "AuditLog" a WHERE a."entityType" = 'exportRun' AND a."entityId" = r.id::text AND a.action = 'export.run' LIMIT 1))`;

const RUN_COLUMNS = [
  "r.id",
  "r.exportId",
  sql<ExportRunStatus>`r.status::text`.as("status"),
  sql<ExportLayoutName>`r.layout::text`.as("layout"),
  sql<ExportFileTypeName>`r."fileType"::text`.as("fileType"),
  "r.definition",
  "r.totalRows",
  "r.rowsWritten",
  "r.directory",
  "r.manifest",
  "r.error",
  sql<string | null>`${sql.raw(RUN_CREATED_BY)}`.as("createdBy"),
  "r.createdAt",
  "r.startedAt",
  "r.finishedAt",
] as const;

const exportRows = () => db.selectFrom("Export as e").leftJoin("User as u", "u.id", "e.createdById").select(EXPORT_COLUMNS);
const runRows = () => db.selectFrom("ExportRun as r").select(RUN_COLUMNS);

type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]: Date | null };

function exportSummary(row: Dated<Omit<ExportSummary, "lastRun" | "definition">, "createdAt" | "updatedAt"> & { definition: unknown }, lastRun: ExportRunSummary | null): ExportSummary {
  return {
    ...row,
    definition: exportDefinitionSchema.parse(row.definition),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    lastRun,
  };
}

function runSummary(row: Dated<Omit<ExportRunSummary, "definition">, "createdAt" | "startedAt" | "finishedAt"> & { definition: unknown }): ExportRunSummary {
  return {
    ...row,
    definition: exportDefinitionSchema.parse(row.definition),
    createdAt: iso(row.createdAt)!,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

export async function getExport(pool: pg.Pool, exportId: number): Promise<ExportSummary | null> {
  const [row] = await queryOn(pool, exportRows().where("e.id", "=", exportId).compile());
  if (!row) return null;
  const runs = await listExportRuns(pool, exportId, 1);
  return exportSummary(row, runs[0] ?? null);
}

/** A saved export by id or by name (the CLI names them either way). */
export async function findExport(pool: pg.Pool, idOrName: string): Promise<ExportSummary | null> {
  const [row] = await queryOn(
    pool,
    db
      .selectFrom("Export")
      .select("id")
      .where(sql<boolean>`name = ${idOrName} OR id::text = ${idOrName}`)
      .orderBy(sql`(name = ${idOrName})`, "desc")
      .limit(1)
      .compile(),
  );
  return row ? getExport(pool, row.id) : null;
}

/** Every saved export, newest first, with who made it and its last run. */
export async function listExports(pool: pg.Pool): Promise<ExportSummary[]> {
  const rows = await queryOn(
    pool,
    exportRows()
      .leftJoinLateral(
        (eb) => eb.selectFrom("ExportRun as r").select(RUN_COLUMNS).whereRef("r.exportId", "=", "e.id").orderBy("r.id", "desc").limit(1).as("last"),
        (join) => join.onTrue(),
      )
      // the run's columns as JSON: its dates come back as text
      .select(
        sql<(Omit<ExportRunSummary, "createdAt" | "startedAt" | "finishedAt"> & { createdAt: string; startedAt: string | null; finishedAt: string | null }) | null>`to_jsonb(last)`.as(
          "lastRun",
        ),
      )
      .orderBy("e.id", "desc")
      .compile(),
  );
  return rows.map(({ lastRun, ...row }) => {
    const date = (text: string | null) => (text === null ? null : new Date(text));
    const run = lastRun === null ? null : { ...lastRun, createdAt: new Date(lastRun.createdAt), startedAt: date(lastRun.startedAt), finishedAt: date(lastRun.finishedAt) };
    return exportSummary(row, run === null ? null : runSummary(run));
  });
}

/** An export's runs, newest first. */
export async function listExportRuns(pool: pg.Pool, exportId: number, limit = 50): Promise<ExportRunSummary[]> {
  const rows = await queryOn(pool, runRows().where("r.exportId", "=", exportId).orderBy("r.id", "desc").limit(limit).compile());
  return rows.map(runSummary);
}

export async function getExportRun(pool: pg.Pool, exportRunId: number): Promise<ExportRunSummary | null> {
  const [row] = await queryOn(pool, runRows().where("r.id", "=", exportRunId).compile());
  return row ? runSummary(row) : null;
}

/** Queues a run of the export: a QUEUED ExportRun holding the definition as it is now. */
export async function createExportRun(pool: pg.Pool, exportId: number, actor: Actor = {}): Promise<ExportRunSummary> {
  const runId = await inTransaction(async (client) => {
    const created = await dbOn(client)
      .insertInto("ExportRun")
      .columns(["exportId", "definition", "layout", "fileType", "createdById"])
      .expression((eb) =>
        eb
          .selectFrom("Export")
          .select(["id", "definition", "layout", "fileType", sql<string | null>`${actor.userId ?? null}`.as("createdById")])
          .where("id", "=", exportId),
      )
      .returning("id")
      .executeTakeFirst();
    if (!created) throw new NotFoundError(`there is no export ${exportId}`);
    await recordAudit(client, { ...actor, action: "export.run", entityType: "exportRun", entityId: created.id, after: { exportId } });
    return created.id;
  }, pool);
  return (await getExportRun(pool, runId))!;
}
