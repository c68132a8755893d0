// The most an import may make of a file: how far gzip may expand it, how long a line or CSV record
// may be, how many blank lines and rows it may have, how big a Parquet row group and a constitution
// may be. Each is checked while the file streams, so a hostile file is refused after reading about
// as much as the limit, never after holding all of it. Every limit has a name, the environment
// variable that raises it (lib/server/imports/limits.ts reads them), and the error names it.

export interface ImportLimits {
  /** un-gzipped content, in bytes */
  maxContentBytes: number;
  /** how many times the file's own size its un-gzipped content may be (above MIN_RATIO_FLOOR_BYTES) */
  maxGzipRatio: number;
  /** one line of JSONL, or one CSV record (which may span lines) */
  maxLineBytes: number;
  /** blank lines in a JSONL or CSV file */
  maxBlankLines: number;
  /** lines of a text file, rows of a Parquet file */
  maxRows: number;
  /** rows of one Parquet row group (a group is decoded at once) */
  maxParquetGroupRows: number;
  /** a Parquet row group's uncompressed size, as its metadata gives it */
  maxParquetGroupBytes: number;
  /** a constitution file, un-gzipped (it is read whole) */
  maxConstitutionBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxContentBytes: 8 * 1024 ** 3,
  maxGzipRatio: 100,
  maxLineBytes: 2 * 1024 ** 2,
  maxBlankLines: 100_000,
  maxRows: 20_000_000,
  maxParquetGroupRows: 200_000,
  maxParquetGroupBytes: 128 * 1024 ** 2,
  maxConstitutionBytes: 20 * 1024 ** 2,
};

/** Gzip may always expand a file to this much, however small the file. */
export const MIN_RATIO_FLOOR_BYTES = 64 * 1024 ** 2;

/** The environment variable that sets each limit, and the unit it is given in. */
export const LIMIT_VARIABLES: Record<keyof ImportLimits, { name: string; unit: "MB" | "count" }> = {
  maxContentBytes: { name: "CAI_IMPORT_MAX_CONTENT_MB", unit: "MB" },
  maxGzipRatio: { name: "CAI_IMPORT_MAX_GZIP_RATIO", unit: "count" },
  maxLineBytes: { name: "CAI_IMPORT_MAX_LINE_MB", unit: "MB" },
  maxBlankLines: { name: "CAI_IMPORT_MAX_BLANK_LINES", unit: "count" },
  maxRows: { name: "CAI_IMPORT_MAX_ROWS", unit: "count" },
  maxParquetGroupRows: { name: "CAI_IMPORT_MAX_PARQUET_GROUP_ROWS", unit: "count" },
  maxParquetGroupBytes: { name: "CAI_IMPORT_MAX_PARQUET_GROUP_MB", unit: "MB" },
  maxConstitutionBytes: { name: "CAI_IMPORT_MAX_CONSTITUTION_MB", unit: "MB" },
};

/** A file went past one of the limits: it stops the import (--skip-bad-lines does not skip it). */
export class LimitError extends Error {
  constructor(
    readonly limit: keyof ImportLimits,
    message: string,
    /** the line (or Parquet row) where it was found; 0 for the file as a whole */
    readonly line = 0,
  ) {
    super(`${message} (${LIMIT_VARIABLES[limit].name} sets this limit)`);
  }
}

export function withDefaults(limits: Partial<ImportLimits> = {}): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
}

/** A count as a limit's message gives it: 100,000. */
export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}
