import "server-only";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readEnv } from "../env";

// Where the embedded database keeps its files, and where a running one says how to reach it.
// CAI_DATA_DIR moves both together, so a data directory and its info file never disagree.

// the module's own path, not new URL("../../..", import.meta.url): the Next build takes that for an
// asset to bundle and fails (the download route of exports reads the data directory)
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface EmbeddedPaths {
  /** the local data directory: .data under the repo unless CAI_DATA_DIR says otherwise */
  root: string;
  /** PGlite's Postgres data directory */
  pgliteDir: string;
  /** written while a process has the database open: {pid, port, url} */
  infoFile: string;
}

export function embeddedPaths(env: NodeJS.ProcessEnv = process.env): EmbeddedPaths {
  const root = path.resolve(readEnv(env).CAI_DATA_DIR ?? path.join(REPO_ROOT, ".data"));
  return { root, pgliteDir: path.join(root, "pglite"), infoFile: path.join(root, "embedded.json") };
}

export function embeddedPort(env: NodeJS.ProcessEnv = process.env): number {
  return readEnv(env).CAI_PGLITE_PORT;
}

export function embeddedUrl(port: number): string {
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}
