import "server-only";
import path from "node:path";
import { embeddedPaths } from "../embedded/paths";
import { NotFoundError } from "../errors";

// Where export runs write: <data dir>/exports (the data dir is .data, or CAI_DATA_DIR), one
// directory per run. A run writes into run-<id>.partial/ and renames it to run-<id>/ only when every
// file and the manifest are complete, so a directory without ".partial" is always a finished export.

export function exportsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(embeddedPaths(env).root, "exports");
}

export const runDirectoryName = (runId: number) => `run-${runId}`;
export const partialDirectoryName = (runId: number) => `run-${runId}.partial`;
export const MANIFEST_FILE = "manifest.json";
/** Modes of export directories and files: the owner (the studio's user) only. */
export const PRIVATE_DIRECTORY = 0o700;
export const PRIVATE_FILE = 0o600;

export interface DownloadableRun {
  id: number;
  status: string;
  directory: string | null;
  manifest: unknown;
}

/**
 * The absolute path of a finished run's file, for a download: only manifest.json or a file its
 * manifest lists (never a path a request made up), inside the run's own directory.
 */
export function exportRunFile(run: DownloadableRun, fileName: string, root: string = exportsDir()): string {
  if (run.status !== "SUCCEEDED" || !run.directory) throw new NotFoundError(`export run ${run.id} has no files yet`);
  const files = ((run.manifest as { files?: { name: string }[] } | null)?.files ?? []).map((f) => f.name);
  if (fileName !== MANIFEST_FILE && !files.includes(fileName)) throw new NotFoundError(`export run ${run.id} has no file "${fileName}"`);
  const directory = path.resolve(root, run.directory);
  const file = path.resolve(directory, fileName);
  if (path.dirname(file) !== directory || !directory.startsWith(path.resolve(root) + path.sep)) {
    throw new NotFoundError(`export run ${run.id} has no file "${fileName}"`);
  }
  return file;
}
