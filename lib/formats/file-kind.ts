import { DetectError, detectFileKind, type FileKind } from "./detect";
import { formatBytes } from "./lines";
import { DEFAULT_IMPORT_LIMITS, LimitError } from "./limits";
import { looksLikeParquet, parquetFileKind } from "./parquet";
import { HEAD_BYTES, type ImportSource } from "./source";

// What an import file holds, told from the file itself: a Parquet file by its columns, anything
// else by its first lines (detect.ts). The web import and the CLI both ask this. A first line
// longer than the first 64 KB is read up to the limit for one line, so a JSONL file with a long
// first line is told as JSONL (or refused for its long line), never taken for a constitution.

/** The kind of the file at `path`, opened as `source`; a DetectError says why it cannot be told. */
export async function fileKindOf(source: ImportSource, path: string, fileName: string, maxLineBytes = DEFAULT_IMPORT_LIMITS.maxLineBytes): Promise<FileKind> {
  let head = await source.head();
  if (!looksLikeParquet(head)) {
    if (firstLineCutOff(head, HEAD_BYTES)) head = await source.head(maxLineBytes + 1);
    if (firstLineCutOff(head, maxLineBytes + 1)) {
      throw new LimitError(
        "maxLineBytes",
        `the first line is longer than ${formatBytes(maxLineBytes)}, the limit for one line, so the file's format cannot be told from it (choose the format to import a constitution written on one line)`,
        1,
      );
    }
    return detectFileKind(head, fileName);
  }
  if (source.gzip) throw new DetectError("a gzipped Parquet file: un-gzip it first (Parquet compresses its own pages)");
  return parquetFileKind(path);
}

/** The head filled all `asked` bytes and its first non-blank line has not ended in it. */
function firstLineCutOff(head: string, asked: number): boolean {
  // lenient decoding may turn a character cut at the end into U+FFFD: allow for it
  if (Buffer.byteLength(head) < asked - 4) return false;
  return !head.trimStart().includes("\n");
}
