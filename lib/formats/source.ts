import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { CorruptFileError } from "./problems";

// A file to import, read as a stream of (un-gzipped) bytes. Gzip is recognised by its magic bytes,
// not by the name. A tap on the file's own bytes gives progress against its size and the file's hash.

export interface ImportSource {
  size: number;
  gzip: boolean;
  /** the first bytes of the content, decoded leniently, to detect the format */
  head(): Promise<string>;
  /** the whole content; each call reads the file again. `onFileChunk` sees the file's own bytes. */
  chunks(onFileChunk?: (chunk: Buffer) => void): AsyncIterable<Uint8Array>;
}

const HEAD_BYTES = 64 * 1024;

export async function openImportSource(path: string): Promise<ImportSource> {
  const { size } = await stat(path);
  const gzip = await startsWithGzipMagic(path);
  const openStream = (onFileChunk?: (chunk: Buffer) => void) => {
    const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
    const counted = onFileChunk ? file.pipe(tap(onFileChunk)) : file;
    if (!gzip) return { file, content: counted };
    const gunzip = createGunzip();
    counted.on("error", (error: Error) => gunzip.destroy(error));
    return { file, content: counted.pipe(gunzip) };
  };
  return {
    size,
    gzip,
    chunks: (onFileChunk) => (gzip ? gunzipped(openStream(onFileChunk).content) : openStream(onFileChunk).content),
    async head() {
      const parts: Buffer[] = [];
      let length = 0;
      const { file, content: stream } = openStream();
      try {
        for await (const chunk of stream) {
          parts.push(Buffer.from(chunk));
          length += chunk.length;
          if (length >= HEAD_BYTES) break;
        }
      } catch (error) {
        throw gzip ? corrupt(error) : error;
      } finally {
        file.destroy();
      }
      return new TextDecoder().decode(Buffer.concat(parts).subarray(0, HEAD_BYTES));
    },
  };
}

async function* gunzipped(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* stream;
  } catch (error) {
    throw corrupt(error);
  }
}

function corrupt(error: unknown): Error {
  const code = (error as { code?: string }).code ?? "";
  if (!code.startsWith("Z_") && code !== "ERR_STREAM_PREMATURE_CLOSE") return error as Error;
  return new CorruptFileError(`the file starts like gzip but cannot be un-gzipped (${(error as Error).message})`);
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

function tap(onChunk: (chunk: Buffer) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onChunk(chunk);
      callback(null, chunk);
    },
  });
}
