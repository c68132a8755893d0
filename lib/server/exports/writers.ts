import "server-only";
import { createHash } from "node:crypto";
import { closeSync, createReadStream, createWriteStream, openSync } from "node:fs";
import { once } from "node:events";
import { fileWriter, ParquetWriter } from "hyparquet-writer";
import type { Column, ColumnKind } from "@/lib/cai/exports/columns";
import { csvHeader, csvLine, jsonLine } from "@/lib/cai/exports/encode";
import type { ManifestDataFile } from "@/lib/cai/exports/manifest";
import type { ExportFileTypeName } from "@/lib/schemas/exports";
import { PRIVATE_FILE } from "./files";

// One export file being written: rows go in batch by batch and reach the disk as they come, so
// memory holds one batch (JSONL, CSV) or one row group (Parquet) whatever the export's size.

export interface RowFileWriter {
  write(rows: object[]): Promise<void>;
  /** closes the file and says what it holds */
  finish(): Promise<ManifestDataFile>;
}

export const FILE_EXTENSIONS: Record<ExportFileTypeName, string> = { JSONL: "jsonl", CSV: "csv", PARQUET: "parquet" };

export function openRowFile(fileType: ExportFileTypeName, filePath: string, name: string, columns: Column[]): RowFileWriter {
  if (fileType === "PARQUET") return parquetFile(filePath, name, columns);
  const encode = fileType === "JSONL" ? (row: object) => jsonLine(row) : (row: object) => csvLine(columns, row);
  return textFile(filePath, name, fileType === "CSV" ? csvHeader(columns) : "", encode);
}

function textFile(filePath: string, name: string, header: string, encode: (row: object) => string): RowFileWriter {
  const stream = createWriteStream(filePath, { mode: PRIVATE_FILE });
  // an error while nobody waits on the stream (a full disk between batches) fails the next write
  let failed: Error | null = null;
  stream.on("error", (error) => (failed ??= error));
  const hash = createHash("sha256");
  let bytes = 0;
  let rows = 0;
  const put = async (text: string) => {
    if (text === "") return;
    if (failed) throw failed;
    const chunk = Buffer.from(text, "utf8");
    hash.update(chunk);
    bytes += chunk.length;
    // once() rejects if the stream errors while we wait
    if (!stream.write(chunk)) await once(stream, "drain");
  };
  let started = put(header);
  return {
    async write(batch) {
      await started;
      let text = "";
      for (const row of batch) text += encode(row);
      rows += batch.length;
      started = put(text);
      await started;
    },
    async finish() {
      await started;
      stream.end();
      await once(stream, "close");
      if (failed) throw failed;
      return { name, rows, bytes, sha256: hash.digest("hex") };
    },
  };
}

/**
 * A Parquet row group is written when it holds this much text or this many rows: the encoder's
 * working copies (levels, pages, compression) take many times the text, so groups are kept small
 * enough for the export's memory to stay flat (issue 7: <= 250 MB) and still compress well.
 */
export const PARQUET_ROW_GROUP = { textBytes: 1024 * 1024, rows: 10_000 };

/** about how much text a row holds (UTF-16 code units; enough to size row groups) */
function textSize(row: Record<string, unknown>, columns: Column[]): number {
  let size = 0;
  for (const { name, kind } of columns) {
    const value = row[name];
    if (typeof value === "string") size += value.length;
    else if (kind === "messages") for (const m of value as { content: string }[]) size += m.content.length + 16;
    else if (kind === "strings") for (const s of value as string[]) size += s.length;
    else size += 8;
  }
  return size;
}

/**
 * Columns written without min/max statistics. The writer keeps each row group's min and max until
 * the file ends, and for text those are whole answers, each pinning the COPY chunk it was cut from:
 * the live heap grew all through a paper-scale export (27 to 43 MB at 1 MB row groups, past 300 MB
 * at 64 KB ones). Nobody filters a dataset by its alphabetically first answer; numbers keep theirs.
 */
const TEXT_KINDS = new Set<ColumnKind>(["string", "nullableString", "strings", "messages"]);

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

const utf8 = (name: string, required = true): SchemaElement => ({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: required ? "REQUIRED" : "OPTIONAL" });

/** Parquet's schema for the columns: messages as list<struct<content, role>> (as H4's files have them). */
export function parquetSchema(columns: Column[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }];
  for (const { name, kind } of columns) {
    if (kind === "string") schema.push(utf8(name));
    else if (kind === "nullableString") schema.push(utf8(name, false));
    else if (kind === "double") schema.push({ name, type: "DOUBLE", repetition_type: "REQUIRED" });
    else if (kind === "int") schema.push({ name, type: "INT32", repetition_type: "REQUIRED" });
    else if (kind === "strings") {
      schema.push({ name, repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 }, { name: "list", repetition_type: "REPEATED", num_children: 1 }, utf8("element"));
    } else {
      schema.push(
        { name, repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", repetition_type: "REQUIRED", num_children: 2 },
        utf8("content"),
        utf8("role"),
      );
    }
  }
  return schema;
}

function parquetFile(filePath: string, name: string, columns: Column[]): RowFileWriter {
  // made here with the owner-only mode: hyparquet's fileWriter truncates it and keeps the mode
  closeSync(openSync(filePath, "w", PRIVATE_FILE));
  const writer = new ParquetWriter({ writer: fileWriter(filePath), schema: parquetSchema(columns), createdBy: "cai-studio" });
  let pending: Record<string, unknown>[] = [];
  let pendingText = 0;
  let rows = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const columnData = columns.map((c) => ({ name: c.name, data: pending.map((row) => row[c.name]), statistics: !TEXT_KINDS.has(c.kind) }));
    writer.write({ columnData, rowGroupSize: pending.length });
    pending = [];
    pendingText = 0;
  };
  return {
    async write(batch) {
      // rows come in plain form (run.ts streams Parquet's rows with form "plain"): no JSON text
      for (const row of batch as Record<string, unknown>[]) {
        pending.push(row);
        pendingText += textSize(row, columns);
        if (pendingText >= PARQUET_ROW_GROUP.textBytes || pending.length >= PARQUET_ROW_GROUP.rows) flush();
      }
      rows += batch.length;
    },
    async finish() {
      flush();
      writer.finish();
      const { bytes, sha256 } = await hashFile(filePath);
      return { name, rows, bytes, sha256 };
    },
  };
}

export async function hashFile(filePath: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(filePath)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest("hex") };
}
