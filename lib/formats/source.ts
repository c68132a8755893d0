import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { formatBytes } from "./lines";
import { DEFAULT_IMPORT_LIMITS, type ImportLimits, LimitError, MIN_RATIO_FLOOR_BYTES } from "./limits";
import { CorruptFileError } from "./problems";

// A file to import, read as a stream of (un-gzipped) bytes. Gzip is recognised by its magic bytes,
// not by the name. A tap on the file's own bytes gives progress against its size and the file's hash.
// The content is counted as it streams: gzip may expand a file only so far (maxGzipRatio times its
// size, maxContentBytes in all), so a small gzip bomb stops after a few hundred MB of output.

export interface ImportSource {
  size: number;
  gzip: boolean;
  /** the first `bytes` (64 KB by default) of the content, decoded leniently, to detect the format */
  head(bytes?: number): Promise<string>;
  /** the whole content; each call reads the file again. `onFileChunk` sees the file's own bytes. */
  chunks(onFileChunk?: (chunk: Buffer) => void): AsyncIterable<Uint8Array>;
  /**
   * Reads the content through once, keeping none of it, to check its size against the limits
   * before an import starts: a gzip bomb of repeated rows is refused in a second or two instead of
   * after millions of rows went into a transaction.
   */
  checkSize(): Promise<void>;
}

export const HEAD_BYTES = 64 * 1024;

type ContentLimits = Pick<ImportLimits, "maxContentBytes" | "maxGzipRatio">;

export async function openImportSource(path: string, limits: ContentLimits = DEFAULT_IMPORT_LIMITS): Promise<ImportSource> {
  const { size } = await stat(path);
  const gzip = await startsWithGzipMagic(path);
  const limited = contentLimiter(size, gzip, limits);
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
    chunks: (onFileChunk) => limited(gzip ? gunzipped(openStream(onFileChunk).content) : openStream(onFileChunk).content),
    async checkSize() {
      if (!gzip) return; // the file's size is its content's, and the upload limit bounds it
      for await (const chunk of limited(gunzipped(openStream().content))) void chunk;
    },
    async head(headBytes = HEAD_BYTES) {
      const parts: Buffer[] = [];
      let length = 0;
      const { file, content: stream } = openStream();
      try {
        for await (const chunk of stream) {
          parts.push(Buffer.from(chunk));
          length += chunk.length;
          if (length >= headBytes) break;
        }
      } catch (error) {
        throw gzip ? corrupt(error) : error;
      } finally {
        file.destroy();
      }
      return new TextDecoder().decode(Buffer.concat(parts).subarray(0, headBytes));
    },
  };
}

/** Counts the content as it streams and stops it at the first byte over the limit. */
function contentLimiter(size: number, gzip: boolean, limits: ContentLimits) {
  const byRatio = Math.max(MIN_RATIO_FLOOR_BYTES, size * limits.maxGzipRatio);
  const ratioBinds = gzip && byRatio < limits.maxContentBytes;
  const limit = ratioBinds ? byRatio : limits.maxContentBytes;
  const refuse = () =>
    ratioBinds
      ? new LimitError("maxGzipRatio", `the file un-gzips to more than ${formatBytes(limit)}, over ${limits.maxGzipRatio} times its own ${formatBytes(size)}; reading stopped there`)
      : new LimitError("maxContentBytes", `the file's content is more than ${formatBytes(limit)}, the limit for one import; reading stopped there`);
  return async function* limited(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let total = 0;
    for await (const chunk of stream) {
      total += chunk.length;
      if (total > limit) throw refuse();
      yield chunk;
    }
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
