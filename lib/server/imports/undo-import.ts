import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { dbOn } from "../db";
import { transactionOn } from "../pg";

// Undoes an import that wrote its batches in transactions of their own (the embedded database,
// import-file.ts) and then failed or was left unfinished: in one transaction, everything the import
// added goes, the counters it raised on prompts that were there before come back down, and its
// Import row goes too (the caller records the failure, as after a rollback). Every row an import
// writes carries its importId, so "what it added" is exact. Two things stay, because later work
// stands on them: a prompt of the import that something else has since attached to (a run's
// answers, another import's records) stays with that work, and so does a principle a chain outside
// the import uses. Imports into one dataset go one at a time while this can happen (import-file.ts),
// so another import never builds on one that may be undone.

export async function undoImport(client: pg.ClientBase, importId: number, { datasetCreated }: { datasetCreated?: boolean } = {}): Promise<void> {
  await transactionOn(client, async () => {
    const db = dbOn(client);
    const imported = await db.selectFrom("Import").select("datasetId").where("id", "=", importId).executeTakeFirst();
    // counters of prompts that were there before, by what this import attached to them
    await sql`
      UPDATE "Prompt" p SET "chainCount" = p."chainCount" - c.n
       FROM (SELECT "promptId", count(*)::int AS n FROM "Chain" WHERE "importId" = ${importId} GROUP BY 1) c
       WHERE p.id = c."promptId" AND p."importId" IS DISTINCT FROM ${importId}`.execute(db);
    await sql`
      UPDATE "Prompt" p SET "comparisonCount" = p."comparisonCount" - c.n, "labelCount" = p."labelCount" - c.n
       FROM (SELECT "promptId", count(*)::int AS n FROM "Comparison" WHERE "importId" = ${importId} GROUP BY 1) c
       WHERE p.id = c."promptId" AND p."importId" IS DISTINCT FROM ${importId}`.execute(db);
    // a comparison takes its imported human labels with it; a chain its steps
    await db.deleteFrom("Score").where("importId", "=", importId).execute();
    await db.deleteFrom("Comparison").where("importId", "=", importId).execute();
    await db.deleteFrom("Chain").where("importId", "=", importId).execute();
    await db.deleteFrom("Response").where("importId", "=", importId).execute();
    await db
      .deleteFrom("Prompt as p")
      .where("p.importId", "=", importId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("Response as r")
              .select(sql`1`.as("one"))
              .whereRef("r.promptId", "=", "p.id"),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("Comparison as c")
              .select(sql`1`.as("one"))
              .whereRef("c.promptId", "=", "p.id"),
          ),
        ),
      )
      .execute();
    await sql`
      DELETE FROM "ConstitutionVersion" v WHERE v."importId" = ${importId}
         AND NOT EXISTS (SELECT 1 FROM "ChainStep" s JOIN "Principle" pr ON pr.id = s."principleId" WHERE pr."versionId" = v.id)`.execute(db);
    await sql`
      DELETE FROM "Constitution" c WHERE c.name LIKE 'Principles from %'
         AND NOT EXISTS (SELECT 1 FROM "ConstitutionVersion" v WHERE v."constitutionId" = c.id)`.execute(db);
    await db.deleteFrom("Import").where("id", "=", importId).execute();
    // a dataset the import made goes with it (when it is not known, one that no other import
    // filled), unless something else has come into it meanwhile
    if (imported?.datasetId != null) {
      await sql`
        DELETE FROM "Dataset" d WHERE d.id = ${imported.datasetId} AND NOT EXISTS (SELECT 1 FROM "Prompt" p WHERE p."datasetId" = d.id)
           AND (${datasetCreated ?? false} OR NOT EXISTS (SELECT 1 FROM "Import" i WHERE i."datasetId" = d.id))`.execute(db);
    }
  });
}

/**
 * Imports left RUNNING by a process that stopped mid-import, undone: for the process that has just
 * opened the embedded database, on which nothing else can be importing yet.
 */
export async function undoUnfinishedImports(client: pg.ClientBase): Promise<number[]> {
  const rows = await dbOn(client).selectFrom("Import").select("id").where("status", "=", "RUNNING").orderBy("id").execute();
  for (const { id } of rows) await undoImport(client, id);
  return rows.map((r) => r.id);
}
