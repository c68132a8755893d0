import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { NotFoundError } from "../errors";
import { exportRunFile, type DownloadableRun } from "./files";

// A finished export run's file as an HTTP download: streamed from disk (an export can be gigabytes),
// named after its run so two runs' files do not overwrite each other in a downloads folder.

const CONTENT_TYPES: Record<string, string> = {
  ".jsonl": "application/x-ndjson; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".parquet": "application/vnd.apache.parquet",
  ".json": "application/json; charset=utf-8",
};

export async function exportFileDownload(run: DownloadableRun, name: string): Promise<Response> {
  const file = exportRunFile(run, name);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new NotFoundError(`export run ${run.id}: the file "${name}" is listed in its manifest but is no longer on disk`);
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "content-type": CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream",
      "content-length": String(info.size),
      "content-disposition": `attachment; filename="${downloadName(run.id, name)}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/** export-run-12-sft.jsonl: the manifest's names are plain ([\w.-]); anything else is replaced. */
export function downloadName(runId: number, name: string): string {
  return `export-run-${runId}-${name.replace(/[^\w.-]/g, "_")}`;
}
