import "server-only";
import pg from "pg";
import { databaseUrl } from "../config";
import { transactionOn } from "../pg";
import { ensureAdminFromEnvironment } from "../auth/first-admin";
import { syncEnvironmentEndpoints, type EnvironmentSyncResult } from "../endpoints/environment";
import { ensureDefaultConstitution, type DefaultConstitutionResult } from "./default-constitution";

// What a database needs after its migrations before the studio serves it: the endpoints the
// environment defines, the default constitution, and the first admin if CAI_ADMIN_EMAIL and
// CAI_ADMIN_PASSWORD say who (only while nobody has an account). Run by every start
// (scripts/studio/migrate.ts), so it must be idempotent and safe when two processes run it at the
// same moment.

export interface PrepareResult {
  endpoints: EnvironmentSyncResult;
  defaultConstitution: DefaultConstitutionResult;
  /** the email of the admin made from the environment, if this call made one */
  adminCreated: string | null;
}

/** Uses one connection of its own (the launcher has no pool, and the embedded database few slots). */
export async function prepareStudio(url: string = databaseUrl()): Promise<PrepareResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const endpoints = await transactionOn(client, (db) => syncEnvironmentEndpoints(db));
    const defaultConstitution = await transactionOn(client, (db) => ensureDefaultConstitution(db));
    const { created: adminCreated } = await ensureAdminFromEnvironment(client);
    return { endpoints, defaultConstitution, adminCreated };
  } finally {
    await client.end();
  }
}
