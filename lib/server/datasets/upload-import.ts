import "server-only";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { roleAtLeast, type SessionUser } from "@/lib/auth/roles";
import { ForbiddenError, UserError } from "@/lib/server/errors";
import { ndjsonResponse } from "@/lib/server/http";
import { takeImportSlot } from "@/lib/server/imports/import-slots";
import { importInChild } from "@/lib/server/imports/isolated-import";
import { importErrorEvent } from "@/lib/server/imports/summary";
import type { ImportEvent, ImportRequest } from "@/lib/schemas/import";

// A browser upload becomes an import in two stages. First the request body is written to a
// temporary file as it arrives (a 2 GB file never sits in memory, and the importer can read it
// twice: once to detect the format, once to import). Then the import runs, in a child process
// (lib/server/imports/isolated-import.ts), while its progress is streamed back on the same
// response. The temporary file is removed however it ends. A person may run only so many imports
// at once (import-slots.ts): one more is refused with 429 before its body is read.

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
    `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GB, the most a browser upload may send. ` + "Import it from the command line instead: npm run cai -- import FILE --dataset NAME",
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

/** POST /api/imports: the upload received, then imported, its events streamed back as NDJSON. */
export async function uploadImportResponse(body: ReadableStream<Uint8Array> | null, declaredLength: string | null, request: ImportRequest, user: SessionUser): Promise<Response> {
  if (request.format === "constitution" && !roleAtLeast(user.role, "ADMIN")) throw new ForbiddenError("Only an admin may import constitutions.");
  const giveBack = takeImportSlot(user.id);
  let upload: ReceivedUpload;
  try {
    upload = await receiveUpload(body, declaredLength);
  } catch (error) {
    giveBack();
    throw error;
  }
  return ndjsonResponse(async (emit) => {
    try {
      await importUpload(upload, request, user, emit);
    } finally {
      giveBack();
    }
  }, importErrorEvent);
}

/** Imports a received upload in a child process, reporting progress, then the summary, through `emit`. */
async function importUpload(upload: ReceivedUpload, request: ImportRequest, user: SessionUser, emit: (event: ImportEvent) => void): Promise<void> {
  try {
    const options = {
      path: upload.path,
      fileName: request.fileName,
      dataset: request.dataset,
      constitution: request.constitution,
      format: request.format,
      skipBadLines: request.skipBadLines,
      tags: request.tags,
      userId: user.id,
      role: user.role,
    };
    await importInChild(options, emit);
  } finally {
    await upload.discard();
  }
}

function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === "string";
}
