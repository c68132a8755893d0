import "server-only";
import pg from "pg";
import { databaseUrl } from "../config";
import { transactionOn } from "../pg";
import { syncEnvironmentEndpoints, type EnvironmentSyncResult } from "../endpoints/environment";
import { ensureDefaultConstitution, type DefaultConstitutionResult } from "./default-constitution";

// What a database needs after its migrations before the studio serves it: the endpoints the
// environment defines and the default constitution. Run by every start (scripts/studio/migrate.ts),
// so it must be idempotent and safe when two processes run it at the same moment.

export interface PrepareResult {
  endpoints: EnvironmentSyncResult;
  defaultConstitution: DefaultConstitutionResult;
}

/** Uses one connection of its own (the launcher has no pool, and the embedded database few slots). */
export async function prepareStudio(url: string = databaseUrl()): Promise<PrepareResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const endpoints = await transactionOn(client, (db) => syncEnvironmentEndpoints(db));
    const defaultConstitution = await transactionOn(client, (db) => ensureDefaultConstitution(db));
    return { endpoints, defaultConstitution };
  } finally {
    await client.end();
  }
}
