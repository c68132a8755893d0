import "server-only";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { claimInfo, portIsFree, releaseInfo, updateInfo, type EmbeddedInfo } from "./info-file";
import { embeddedPaths, embeddedPort, embeddedUrl, type EmbeddedPaths } from "./paths";
import { PgliteWireServer } from "./wire-server";

// Postgres without a server: PGlite (Postgres compiled to WASM) with its files in a directory,
// served over the wire protocol on 127.0.0.1 so Prisma, pg and `prisma migrate` connect to it as
// to any Postgres. PGlite runs one transaction at a time across all connections, and COPY FROM
// STDIN does not pass through the socket: see docs/decisions/002-embedded-pglite-by-default.md.

/**
 * Sockets are cheap here (every connection takes turns on one PGlite session): enough for the web
 * server's and each worker's pools (lib/server/config.ts), CLIs, a migration and test clients.
 */
const MAX_CONNECTIONS = 64;

export interface EmbeddedDatabase {
  url: string;
  port: number;
  paths: EmbeddedPaths;
  /** Stops serving, closes PGlite so its files are consistent, and removes the info file. */
  stop(): Promise<void>;
}

export class EmbeddedDatabaseError extends Error {}

export interface StartOptions {
  /** 0 picks any free port (the CLI's private database); default CAI_PGLITE_PORT or 54329 */
  port?: number;
  paths?: EmbeddedPaths;
}

export async function startEmbeddedDatabase(options: StartOptions = {}): Promise<EmbeddedDatabase> {
  const paths = options.paths ?? embeddedPaths();
  const requestedPort = options.port ?? embeddedPort();
  mkdirSync(paths.pgliteDir, { recursive: true });

  const info: EmbeddedInfo = {
    pid: process.pid,
    port: requestedPort,
    url: embeddedUrl(requestedPort),
    dataDir: paths.pgliteDir,
    startedAt: new Date().toISOString(),
  };
  const holder = claimInfo(paths.infoFile, info);
  if (holder) {
    throw new EmbeddedDatabaseError(
      `The embedded database in ${paths.root} is already open in process ${holder.pid} (port ${holder.port}). ` +
        "Stop that process first, or use it: the CLI finds a running studio by itself.",
    );
  }

  let db: PGlite | undefined;
  try {
    if (requestedPort !== 0 && !(await portIsFree(requestedPort))) {
      throw new EmbeddedDatabaseError(
        `Port ${requestedPort} on 127.0.0.1 is already in use, so the embedded database cannot listen there. ` +
          "Set CAI_PGLITE_PORT to a free port, or set DATABASE_URL to use your own Postgres.",
      );
    }
    db = await PGlite.create({ dataDir: paths.pgliteDir });
    const server = new PgliteWireServer(db, MAX_CONNECTIONS);
    const port = await server.listen(requestedPort, "127.0.0.1");
    const url = embeddedUrl(port);
    updateInfo(paths.infoFile, { ...info, port, url });

    let stopping: Promise<void> | undefined;
    const openDb = db;
    return {
      url,
      port,
      paths,
      stop: () =>
        (stopping ??= (async () => {
          await server.close();
          await openDb.close();
          releaseInfo(paths.infoFile);
        })()),
    };
  } catch (error) {
    await db?.close().catch(() => {});
    releaseInfo(paths.infoFile);
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new EmbeddedDatabaseError(`Port ${requestedPort} on 127.0.0.1 is already in use. Set CAI_PGLITE_PORT to a free port.`);
    }
    throw error;
  }
}
