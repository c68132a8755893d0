import "server-only";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { UserError } from "@/lib/server/errors";
import { describeError } from "@/lib/server/http";
import { ImportFailedError, importFile, type ImportResult } from "@/lib/server/imports/import-file";
import type { ImportEvent, ImportRequest, ImportSummary } from "@/lib/schemas/import";

// A browser upload becomes an import in two stages. First the request body is written to a
// temporary file as it arrives (a 2 GB file never sits in memory, and the importer can read it
// twice: once to detect the format, once to import). Then the import runs while its progress is
// streamed back on the same response. The temporary file is removed however it ends.

export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

class UploadTooLargeError extends UserError {
  override readonly status = 413;
}

export interface ReceivedUpload {
  path: string;
  bytes: number;
  discard(): Promise<void>;
}

const tooLarge = () =>
  new UploadTooLargeError(
    `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GB, the most a browser upload may send. ` +
      "Import it from the command line instead: npm run cai -- import FILE --dataset NAME",
  );

export async function receiveUpload(body: ReadableStream<Uint8Array> | null, declaredLength: string | null): Promise<ReceivedUpload> {
  if (!body) throw new UserError("No file arrived: the request had no body.");
  if (declaredLength !== null && Number(declaredLength) > MAX_UPLOAD_BYTES) throw tooLarge();
  const dir = await mkdtemp(join(tmpdir(), "cai-upload-"));
  const path = join(dir, "upload");
  const discard = () => rm(dir, { recursive: true, force: true });
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(bytes > MAX_UPLOAD_BYTES ? tooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), limit, createWriteStream(path));
  } catch (error) {
    await discard();
    if (error instanceof UserError || isFileSystemError(error)) throw error;
    throw new UserError("The upload stopped before the whole file arrived. Nothing was imported; try again.");
  }
  return { path, bytes, discard };
}

/** Imports a received upload, reporting progress, then the summary, through `emit`. */
export async function importUpload(upload: ReceivedUpload, request: ImportRequest, userId: string, emit: (event: ImportEvent) => void): Promise<void> {
  try {
    const result = await importFile({
      path: upload.path,
      fileName: request.fileName,
      dataset: request.dataset,
      constitution: request.constitution,
      format: request.format,
      skipBadLines: request.skipBadLines,
      tags: request.tags,
      userId,
      onProgress: (progress) => emit({ type: "progress", progress }),
    });
    emit({ type: "done", summary: toImportSummary(result) });
  } finally {
    await upload.discard();
  }
}

/** The last event of a failed import: the user's message, or a generic one for a server fault. */
export function importErrorEvent(error: unknown): ImportEvent {
  const { message } = describeError(error);
  return { type: "error", message, importId: error instanceof ImportFailedError ? error.importId : undefined };
}

export function toImportSummary(result: ImportResult): ImportSummary {
  const stats = Object.fromEntries(Object.entries(result.stats).filter(([, value]) => value !== undefined)) as ImportSummary["stats"];
  const before = result.sameFileImportedBefore;
  return {
    importId: result.importId,
    kind: result.kind,
    format: result.format,
    dataset: result.dataset,
    constitution: result.constitution && {
      name: result.constitution.name,
      version: result.constitution.version,
      versionId: result.constitution.versionId,
      unchanged: result.constitution.unchanged,
    },
    stats,
    problems: { count: result.problems.count, items: result.problems.items },
    notices: { count: result.notices.count, items: result.notices.items },
    sameFileImportedBefore: before && { importId: before.importId, createdAt: before.createdAt.toISOString() },
    elapsedMs: result.elapsedMs,
  };
}

function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === "string";
}
