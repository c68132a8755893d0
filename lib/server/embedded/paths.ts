import "server-only";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Where the embedded database keeps its files, and where a running one says how to reach it.
// CAI_DATA_DIR moves both together, so a data directory and its info file never disagree.

// the module's own path, not new URL("../../..", import.meta.url): the Next build takes that for an
// asset to bundle and fails (the download route of exports reads the data directory)
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const DEFAULT_EMBEDDED_PORT = 54329;

export interface EmbeddedPaths {
  /** the local data directory: .data under the repo unless CAI_DATA_DIR says otherwise */
  root: string;
  /** PGlite's Postgres data directory */
  pgliteDir: string;
  /** written while a process has the database open: {pid, port, url} */
  infoFile: string;
}

export function embeddedPaths(env: NodeJS.ProcessEnv = process.env): EmbeddedPaths {
  const root = path.resolve(env.CAI_DATA_DIR || path.join(REPO_ROOT, ".data"));
  return { root, pgliteDir: path.join(root, "pglite"), infoFile: path.join(root, "embedded.json") };
}

export function embeddedPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CAI_PGLITE_PORT;
  if (raw === undefined || raw === "") return DEFAULT_EMBEDDED_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`CAI_PGLITE_PORT must be a port number, not "${raw}"`);
  return port;
}

export function embeddedUrl(port: number): string {
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}
