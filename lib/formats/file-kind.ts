import { DetectError, detectFileKind, type FileKind } from "./detect";
import { looksLikeParquet, parquetFileKind } from "./parquet";
import type { ImportSource } from "./source";

// What an import file holds, told from the file itself: a Parquet file by its columns, anything
// else by its first lines (detect.ts). The web import and the CLI both ask this.

/** The kind of the file at `path`, opened as `source`; a DetectError says why it cannot be told. */
export async function fileKindOf(source: ImportSource, path: string, fileName: string): Promise<FileKind> {
  const head = await source.head();
  if (!looksLikeParquet(head)) return detectFileKind(head, fileName);
  if (source.gzip) throw new DetectError("a gzipped Parquet file: un-gzip it first (Parquet compresses its own pages)");
  return parquetFileKind(path);
}
