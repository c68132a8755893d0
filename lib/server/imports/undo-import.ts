import "server-only";
import type pg from "pg";
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
    const params = [importId];
    const { rows } = await client.query<{ datasetId: number | null }>(`SELECT "datasetId" FROM "Import" WHERE id = $1`, params);
    // counters of prompts that were there before, by what this import attached to them
    await client.query(
      `UPDATE "Prompt" p SET "chainCount" = p."chainCount" - c.n
       FROM (SELECT "promptId", count(*)::int AS n FROM "Chain" WHERE "importId" = $1 GROUP BY 1) c
       WHERE p.id = c."promptId" AND p."importId" IS DISTINCT FROM $1`,
      params,
    );
    await client.query(
      `UPDATE "Prompt" p SET "comparisonCount" = p."comparisonCount" - c.n, "labelCount" = p."labelCount" - c.n
       FROM (SELECT "promptId", count(*)::int AS n FROM "Comparison" WHERE "importId" = $1 GROUP BY 1) c
       WHERE p.id = c."promptId" AND p."importId" IS DISTINCT FROM $1`,
      params,
    );
    // a comparison takes its imported human labels with it; a chain its steps
    for (const table of ["Score", "Comparison", "Chain", "Response"]) {
      await client.query(`DELETE FROM "${table}" WHERE "importId" = $1`, params);
    }
    await client.query(
      `DELETE FROM "Prompt" p WHERE p."importId" = $1
         AND NOT EXISTS (SELECT 1 FROM "Response" r WHERE r."promptId" = p.id)
         AND NOT EXISTS (SELECT 1 FROM "Comparison" c WHERE c."promptId" = p.id)`,
      params,
    );
    await client.query(
      `DELETE FROM "ConstitutionVersion" v WHERE v."importId" = $1
         AND NOT EXISTS (SELECT 1 FROM "ChainStep" s JOIN "Principle" pr ON pr.id = s."principleId" WHERE pr."versionId" = v.id)`,
      params,
    );
    await client.query(
      `DELETE FROM "Constitution" c WHERE c.name LIKE 'Principles from %'
         AND NOT EXISTS (SELECT 1 FROM "ConstitutionVersion" v WHERE v."constitutionId" = c.id)`,
    );
    await client.query(`DELETE FROM "Import" WHERE id = $1`, params);
    // a dataset the import made goes with it (when it is not known, one that no other import
    // filled), unless something else has come into it meanwhile
    if (rows[0]?.datasetId != null) {
      await client.query(
        `DELETE FROM "Dataset" d WHERE d.id = $1 AND NOT EXISTS (SELECT 1 FROM "Prompt" p WHERE p."datasetId" = d.id)
           AND ($2 OR NOT EXISTS (SELECT 1 FROM "Import" i WHERE i."datasetId" = d.id))`,
        [rows[0].datasetId, datasetCreated ?? false],
      );
    }
  });
}

/**
 * Imports left RUNNING by a process that stopped mid-import, undone: for the process that has just
 * opened the embedded database, on which nothing else can be importing yet.
 */
export async function undoUnfinishedImports(client: pg.ClientBase): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(`SELECT id FROM "Import" WHERE status = 'RUNNING' ORDER BY id`);
  for (const { id } of rows) await undoImport(client, id);
  return rows.map((r) => r.id);
}
