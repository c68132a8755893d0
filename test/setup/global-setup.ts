import { startEmbeddedDatabase } from "@/lib/server/embedded/embedded-database";
import { embeddedPaths } from "@/lib/server/embedded/paths";
import { chosenTestDatabase, dropDatabase, migrateDatabase, recreateDatabase, temporaryDataDir } from "./test-database";

// Makes and migrates the run's database (test-database.ts says which) and removes it at the end:
// a database of its own on the server is dropped, an embedded one stopped and its directory deleted.
export default async function setup() {
  const database = chosenTestDatabase();
  if (database.kind !== "embedded") {
    await recreateDatabase(database.url);
    return async () => {
      if (database.kind === "server") await dropDatabase(database.url);
    };
  }
  const dataDir = temporaryDataDir();
  const embedded = await startEmbeddedDatabase({
    port: Number(new URL(database.url).port),
    paths: embeddedPaths({ ...process.env, CAI_DATA_DIR: dataDir.root }),
  });
  const stop = async () => {
    await embedded.stop();
    dataDir.remove();
  };
  try {
    await migrateDatabase(embedded.url);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
