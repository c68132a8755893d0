import "server-only";
import type pg from "pg";
import { exportDefinitionSchema, type ExportDefinition, type ExportFileTypeName, type ExportLayoutName, type ExportRequest } from "@/lib/schemas/exports";
import { recordAudit, type Actor } from "../audit/record";
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
    if ((error as { code?: string }).code === "23505") throw new ConflictError(`name: an export named "${name}" exists already`);
    throw error;
  };
}

export async function createExport(db: pg.Pool, request: ExportRequest, actor: Actor = {}): Promise<ExportSummary> {
  const id = await inTransaction(async (client) => {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO "Export" (name, layout, "fileType", definition, "createdById", "updatedAt") VALUES ($1, $2, $3, $4, $5, now()) RETURNING id`,
      [request.name, request.layout, request.fileType, JSON.stringify(request.definition), actor.userId ?? null],
    );
    await recordAudit(client, { ...actor, action: "export.create", entityType: "export", entityId: rows[0].id, after: request });
    return rows[0].id;
  }, db).catch(conflictOnName<number>(request.name));
  return (await getExport(db, id))!;
}

export async function updateExport(db: pg.Pool, exportId: number, request: ExportRequest, actor: Actor = {}): Promise<ExportSummary> {
  await inTransaction(async (client) => {
    const { rows } = await client.query<{ name: string; layout: string; fileType: string; definition: unknown }>(
      `SELECT name, layout, "fileType", definition FROM "Export" WHERE id = $1 FOR UPDATE`,
      [exportId],
    );
    if (rows.length === 0) throw new NotFoundError(`there is no export ${exportId}`);
    await client.query(`UPDATE "Export" SET name = $2, layout = $3, "fileType" = $4, definition = $5, "updatedAt" = now() WHERE id = $1`, [
      exportId,
      request.name,
      request.layout,
      request.fileType,
      JSON.stringify(request.definition),
    ]);
    await recordAudit(client, { ...actor, action: "export.update", entityType: "export", entityId: exportId, before: rows[0], after: request });
  }, db).catch(conflictOnName<void>(request.name));
  return (await getExport(db, exportId))!;
}

const EXPORT_COLUMNS = `e.id, e.name, e.layout::text AS layout, e."fileType"::text AS "fileType", e.definition, e."createdById", u.email AS "createdBy", e."createdAt", e."updatedAt"`;

/**
 * Who queued export run `r`: its user's email, or, when no user did (the command line), the actor
 * of the audit entry of its creation.
 */
export const RUN_CREATED_BY = `coalesce((SELECT u.email FROM "User" u WHERE u.id = r."createdById"),
  (SELECT a.actor FROM "AuditLog" a WHERE a."entityType" = 'exportRun' AND a."entityId" = r.id::text AND a.action = 'export.run' LIMIT 1))`;

const RUN_COLUMNS = `r.id, r."exportId", r.status::text AS status, r.layout::text AS layout, r."fileType"::text AS "fileType", r.definition, r."totalRows",
  r."rowsWritten", r.directory, r.manifest, r.error, ${RUN_CREATED_BY} AS "createdBy", r."createdAt", r."startedAt", r."finishedAt"`;

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

export async function getExport(db: pg.Pool, exportId: number): Promise<ExportSummary | null> {
  const { rows } = await db.query(`SELECT ${EXPORT_COLUMNS} FROM "Export" e LEFT JOIN "User" u ON u.id = e."createdById" WHERE e.id = $1`, [exportId]);
  if (rows.length === 0) return null;
  const runs = await listExportRuns(db, exportId, 1);
  return exportSummary(rows[0], runs[0] ?? null);
}

/** A saved export by id or by name (the CLI names them either way). */
export async function findExport(db: pg.Pool, idOrName: string): Promise<ExportSummary | null> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM "Export" WHERE name = $1 OR id::text = $1 ORDER BY (name = $1) DESC LIMIT 1`, [idOrName]);
  return rows.length === 0 ? null : getExport(db, rows[0].id);
}

/** Every saved export, newest first, with who made it and its last run. */
export async function listExports(db: pg.Pool): Promise<ExportSummary[]> {
  const { rows } = await db.query(
    `SELECT ${EXPORT_COLUMNS}, to_jsonb(last) AS "lastRun"
     FROM "Export" e LEFT JOIN "User" u ON u.id = e."createdById"
     LEFT JOIN LATERAL (SELECT ${RUN_COLUMNS} FROM "ExportRun" r WHERE r."exportId" = e.id ORDER BY r.id DESC LIMIT 1) last ON true
     ORDER BY e.id DESC`,
  );
  return rows.map(({ lastRun, ...row }) => {
    const run = lastRun === null ? null : { ...lastRun, createdAt: new Date(lastRun.createdAt), startedAt: lastRun.startedAt && new Date(lastRun.startedAt), finishedAt: lastRun.finishedAt && new Date(lastRun.finishedAt) };
    return exportSummary(row, run === null ? null : runSummary(run));
  });
}

/** An export's runs, newest first. */
export async function listExportRuns(db: pg.Pool, exportId: number, limit = 50): Promise<ExportRunSummary[]> {
  const { rows } = await db.query(`SELECT ${RUN_COLUMNS} FROM "ExportRun" r WHERE r."exportId" = $1 ORDER BY r.id DESC LIMIT $2`, [exportId, limit]);
  return rows.map(runSummary);
}

export async function getExportRun(db: pg.Pool, exportRunId: number): Promise<ExportRunSummary | null> {
  const { rows } = await db.query(`SELECT ${RUN_COLUMNS} FROM "ExportRun" r WHERE r.id = $1`, [exportRunId]);
  return rows.length === 0 ? null : runSummary(rows[0]);
}

/** Queues a run of the export: a QUEUED ExportRun holding the definition as it is now. */
export async function createExportRun(db: pg.Pool, exportId: number, actor: Actor = {}): Promise<ExportRunSummary> {
  const runId = await inTransaction(async (client) => {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO "ExportRun" ("exportId", definition, layout, "fileType", "createdById")
       SELECT id, definition, layout, "fileType", $2 FROM "Export" WHERE id = $1 RETURNING id`,
      [exportId, actor.userId ?? null],
    );
    if (rows.length === 0) throw new NotFoundError(`there is no export ${exportId}`);
    await recordAudit(client, { ...actor, action: "export.run", entityType: "exportRun", entityId: rows[0].id, after: { exportId } });
    return rows[0].id;
  }, db);
  return (await getExportRun(db, runId))!;
}
