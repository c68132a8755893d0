import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { recordAudit, type Actor } from "../audit/record";
import { dbOn } from "../db";
import { ConflictError, NotFoundError } from "../errors";
import { cancel } from "../jobs/claims";
import { inTransaction } from "../pg";
import { getExportRun, type ExportRunSummary } from "./definitions";
import { EXPORT_RUNS } from "./queue";

// Cancelling an export run that has not ended. One guarded update, audited in its transaction: a
// queued run is never claimed (the claim only takes QUEUED or stale RUNNING runs), and a writing
// one fails the fence of its writer's next heartbeat, which then stops and removes its partial
// files (run.ts). Files of a finished run are never touched.

export async function cancelExportRun(db: pg.Pool, exportRunId: number, actor: Actor = {}): Promise<ExportRunSummary> {
  await inTransaction(async (client) => {
    const rows = await cancel(dbOn(client), EXPORT_RUNS)
      .from("ExportRun as old")
      .whereRef("old.id", "=", "ExportRun.id")
      .where("ExportRun.id", "=", exportRunId)
      .returning(sql<string>`old.status::text`.as("before"))
      .execute();
    if (rows.length === 0) {
      const found = await dbOn(client).selectFrom("ExportRun").select("status").where("id", "=", exportRunId).executeTakeFirst();
      if (!found) throw new NotFoundError(`There is no export run #${exportRunId}.`);
      throw new ConflictError(`only a queued or writing export run can be cancelled (export run ${exportRunId} is ${found.status.toLowerCase()})`);
    }
    await recordAudit(client, { ...actor, action: "export.cancel", entityType: "exportRun", entityId: exportRunId, before: { status: rows[0].before } });
  }, db);
  return (await getExportRun(db, exportRunId))!;
}
