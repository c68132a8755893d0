import { EmbeddedDatabaseError, startEmbeddedDatabase } from "@/lib/server/embedded/embedded-database";
import { env } from "@/lib/server/env";
import { locateEmbeddedDatabase } from "@/lib/server/embedded/locate";
import { applyMigrations, prepareDatabase, undoImportsLeftRunning } from "../studio/migrate";
import { pendingMigrations } from "./pending-migrations";

// Which database a command works on: DATABASE_URL if set; else the embedded database of a
// running studio (found through its info file); else the embedded database opened here, on a
// port of its own, for as long as the command runs. PGlite allows one process per data directory,
// so a command never opens it while a studio holds it.

export interface CommandDatabase {
  url: string;
  /** how the database was reached, for one line of output */
  description: string;
  /** closes what this command opened (the in-process embedded database) */
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

export async function openCommandDatabase(root: string): Promise<CommandDatabase> {
  const fromEnv = env.DATABASE_URL;
  if (fromEnv) return migrated(root, { url: fromEnv, description: "DATABASE_URL", close: async () => {} });

  const located = await locateEmbeddedDatabase();
  if (located.state === "running") {
    return migrated(root, { url: located.info.url, description: `the running studio's embedded database (port ${located.info.port})`, close: async () => {} });
  }
  if (located.state === "unreachable") {
    throw new DatabaseUnavailableError(
      `Process ${located.info.pid} holds the embedded database but it does not answer on port ${located.info.port}. ` + "Wait for the studio to finish starting, or stop it.",
    );
  }
  try {
    const embedded = await startEmbeddedDatabase({ port: 0 });
    // an interrupted command still closes PGlite, so its files stay consistent (the open
    // transaction is rolled back when its connection goes)
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => void embedded.stop().finally(() => process.exit(130)));
    }
    try {
      const opened = await migrated(root, { url: embedded.url, description: `the embedded database in ${embedded.paths.pgliteDir}`, close: embedded.stop });
      await undoImportsLeftRunning(embedded.url);
      return opened;
    } catch (error) {
      await embedded.stop();
      throw error;
    }
  } catch (error) {
    if (error instanceof EmbeddedDatabaseError) throw new DatabaseUnavailableError(error.message);
    throw error;
  }
}

async function migrated(root: string, database: CommandDatabase): Promise<CommandDatabase> {
  console.error(`Database: ${database.description}`);
  if ((await pendingMigrations(root, database.url)).length > 0) await applyMigrations(root, database.url);
  else await prepareDatabase(database.url);
  return database;
}
