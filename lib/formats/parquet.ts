import { asyncBufferFromFile, type AsyncBuffer, parquetMetadataAsync, parquetReadObjects, parquetSchema } from "hyparquet";
import type { FileKind } from "./detect";
import { formatBytes } from "./lines";
import { DEFAULT_IMPORT_LIMITS, formatCount, type ImportLimits, LimitError } from "./limits";
import { CorruptFileError } from "./problems";
import type { RowEvent } from "./records";

// Parquet dataset files (the studio's own Parquet exports, Hugging Face's datasets), read with
// hyparquet one row group at a time, so memory holds one group however large the file. A row's
// "line" is its 1-based row number. Lists of structs (messages) arrive as arrays of objects, so the
// row parsers of the JSONL formats read them as they are.
// A group is decoded whole, so its rows and size are checked against the limits from the file's
// metadata before any data is read: a 21 KB file that says it holds 120 million rows is refused
// at once.

export type ParquetLimits = Pick<ImportLimits, "maxRows" | "maxParquetGroupRows" | "maxParquetGroupBytes">;

/** A Parquet file starts (and ends) with these four bytes. */
export function looksLikeParquet(head: string): boolean {
  return head.startsWith("PAR1");
}

/** Pairs if the file has chosen and rejected columns, else prompts (messages, prompt, text...). */
export async function parquetFileKind(path: string): Promise<FileKind> {
  const names = new Set(parquetSchema(await metadataOf(await asyncBufferFromFile(path))).children.map((child) => child.element.name));
  return { kind: "dataset", format: names.has("chosen") && names.has("rejected") ? "HH_RLHF" : "PROMPTS", syntax: "parquet" };
}

export async function* parquetRows(path: string, limits: Partial<ParquetLimits> = {}): AsyncGenerator<RowEvent> {
  const file = await asyncBufferFromFile(path);
  const metadata = await metadataOf(file);
  checkLimits(metadata, { ...DEFAULT_IMPORT_LIMITS, ...limits });
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
    } catch (error) {
      throw new CorruptFileError(`rows ${rowStart + 1} to ${rowEnd} cannot be read as Parquet (${(error as Error).message})`);
    }
    for (const [i, row] of rows.entries()) yield { row: plain(row), line: rowStart + i + 1 };
    rowStart = rowEnd;
  }
}

function checkLimits(metadata: Awaited<ReturnType<typeof metadataOf>>, limits: ParquetLimits): void {
  const rows = Number(metadata.num_rows);
  if (rows > limits.maxRows) throw new LimitError("maxRows", `the file holds ${formatCount(rows)} rows, more than ${formatCount(limits.maxRows)}`);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    const groupBytes = Number(group.total_byte_size);
    const where = `the row group of rows ${formatCount(rowStart + 1)} to ${formatCount(rowStart + groupRows)}`;
    if (groupRows > limits.maxParquetGroupRows) {
      throw new LimitError(
        "maxParquetGroupRows",
        `${where} has ${formatCount(groupRows)} rows, more than the ${formatCount(limits.maxParquetGroupRows)} one group may have (a group is read at once)`,
        rowStart + 1,
      );
    }
    if (groupBytes > limits.maxParquetGroupBytes) {
      throw new LimitError(
        "maxParquetGroupBytes",
        `${where} is ${formatBytes(groupBytes)} uncompressed, more than the ${formatBytes(limits.maxParquetGroupBytes)} one group may be (a group is read at once)`,
        rowStart + 1,
      );
    }
    rowStart += groupRows;
  }
}

async function metadataOf(file: AsyncBuffer) {
  try {
    return await parquetMetadataAsync(file);
  } catch (error) {
    throw new CorruptFileError(`the file starts like Parquet but its metadata cannot be read (${(error as Error).message})`);
  }
}

/** 64-bit integers arrive as BigInt: numbers, as JSON would have them. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, plain(v)]));
  }
  return value;
}
