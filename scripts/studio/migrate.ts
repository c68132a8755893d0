// Migrations are applied by the Prisma CLI as a child process (deploy-migrations.ts), quiet unless
// it fails. Then the studio's own setup runs on the migrated database (endpoints from CAI_ENDPOINTS, the
// default constitution): every path that migrates (npm start, the CLI) gets it.
import pg from "pg";
import { UserError } from "../../lib/server/errors";
import { undoUnfinishedImports } from "../../lib/server/imports/undo-import";
import { prepareStudio } from "../../lib/server/setup/prepare";
import { deployMigrations } from "./deploy-migrations";

export async function applyMigrations(root: string, databaseUrl: string, signal?: AbortSignal): Promise<void> {
  const applied = await deployMigrations(root, databaseUrl, signal);
  if (applied) console.log(`Applied ${applied} database migration${applied === 1 ? "" : "s"}.`);
  await prepareDatabase(databaseUrl);
}

/** The studio's own setup (idempotent): for a command on a database with nothing left to migrate. */
export async function prepareDatabase(databaseUrl: string): Promise<void> {
  try {
    const { endpoints, defaultConstitution, adminCreated } = await prepareStudio(databaseUrl);
    if (adminCreated) console.log(`Made the admin account ${adminCreated} (from CAI_ADMIN_EMAIL).`);
    if (defaultConstitution.created) console.log('Made the default constitution ("Studio default" v1).');
    if (endpoints.synced.length) console.log(`Endpoints from CAI_ENDPOINTS: ${endpoints.synced.join(", ")}.`);
    if (endpoints.released.length) console.log(`No longer in CAI_ENDPOINTS, kept because runs used them (now editable in Settings): ${endpoints.released.join(", ")}.`);
  } catch (error) {
    // a mistake in the environment (a bad CAI_ENDPOINTS entry): its message is the whole story
    if (error instanceof UserError) throw new Error(error.message);
    throw error;
  }
}

/**
 * For the process that has just opened the embedded database: undoes imports a stopped process
 * left half-written (there, batches commit one by one: lib/server/imports/undo-import.ts).
 */
export async function undoImportsLeftRunning(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const undone = await undoUnfinishedImports(client);
    if (undone.length) console.log(`Undid import${undone.length === 1 ? "" : "s"} #${undone.join(", #")}, left unfinished when the database was last closed.`);
  } finally {
    await client.end();
  }
}
