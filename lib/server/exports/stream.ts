import "server-only";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { textFilter, type LeftOutReason } from "@/lib/cai/exports/filters";
import { decidePreference, h4Row, preferenceRow, sftRow, type ChainRecord, type PairRecord, type RowForm } from "@/lib/cai/exports/rows";
import { splitOf } from "@/lib/cai/exports/split";
import type { ExportDefinition, ExportLayoutName } from "@/lib/schemas/exports";
import { db as kysely, queryOn } from "../db";
import { chunkKeyNames, chunkSql, countSql, exportQuery, selectSqlWithLiterals, type SelectColumn } from "./query";

// An export's rows in order, batch by batch, from the layout's SELECTs (query.ts), two ways:
//   copyRows     COPY (SELECT ...) TO STDOUT in the caller's transaction, decoded as it arrives:
//                what an export run uses on a Postgres server. COPY may run the query in parallel
//                (a cursor may not) and skips the row-by-row protocol; reading pauses while a
//                batch is written, and the server waits (TCP), so memory stays flat.
//   chunkRows    keyset chunks, one short statement each, outside any transaction: the preview (it
//                stops after a few rows), and runs on the embedded database, whose socket server
//                does not speak COPY's protocol and runs nothing else while a connection holds a
//                transaction or cursor open: one long read there would stop the whole studio.
// Each row says which files it goes to: SFT "sft", PREFERENCE "preference", H4 "<train|test>_sft"
// and "<train|test>_prefs".

export const LAYOUT_FILES: Record<ExportLayoutName, string[]> = {
  SFT: ["sft"],
  PREFERENCE: ["preference"],
  H4_CAI: ["train_sft", "test_sft", "train_prefs", "test_prefs"],
};

export interface RoutedRow {
  files: string[];
  row: object;
  constitutionVersionId: number | null;
}

export interface StreamCounts {
  /** rows the SQL selected (before the text filters and ties) */
  selected: number;
  leftOut: Record<LeftOutReason | "tie", number>;
}

export interface StreamOptions {
  /** rows per chunk (default 2,000), or per batch written from COPY (default 500) */
  batchSize?: number;
  /** message lists as JSON text (JSONL, CSV; the default) or plain arrays (Parquet, the preview) */
  form?: RowForm;
  /** called with each batch of kept rows; return false to stop early (preview) */
  onRows(rows: RoutedRow[], counts: StreamCounts): Promise<boolean | void> | boolean | void;
}

/** How many rows the definition's SQL selects (the text filters are not counted: they need the text). */
export async function countSelected(db: pg.Pool | pg.ClientBase, layout: ExportLayoutName, definition: ExportDefinition): Promise<number> {
  let total = 0;
  for (const part of exportQuery(layout, definition)) {
    const [{ n }] = await queryOn(db, countSql(part).compile(kysely));
    total += n;
  }
  return total;
}

/**
 * Streams every part of the export's query with COPY TO STDOUT, in the caller's transaction (one
 * snapshot for every part), decoding COPY's text format by the columns' types. Reads to the end
 * (onRows cannot stop it: the preview reads cursors).
 */
export async function copyRows(db: pg.ClientBase, layout: ExportLayoutName, definition: ExportDefinition, options: StreamOptions): Promise<StreamCounts> {
  // rows stay in memory only until their batch is written: small batches keep them from being
  // promoted to V8's old space (paper-scale preference export: 150 MB peak at 500, 250 MB at 2,000)
  const batchSize = options.batchSize ?? 500;
  const { counts, route } = router(layout, definition, options.form);
  for (const part of exportQuery(layout, definition)) {
    const decode = rowDecoder(part.columns);
    const stream = db.query(copyTo(`COPY (${selectSqlWithLiterals(part)}) TO STDOUT`));
    let rest: Buffer | null = null;
    let routed: RoutedRow[] = [];
    let inBatch = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const data: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      const end = data.lastIndexOf(10);
      if (end === -1) {
        rest = data;
        continue;
      }
      rest = end + 1 < data.length ? data.subarray(end + 1) : null;
      const lines = data.toString("utf8", 0, end).split("\n");
      for (const line of lines) {
        const out = route(decode(line) as never);
        if (out) routed.push(out);
      }
      counts.selected += lines.length;
      inBatch += lines.length;
      if (inBatch >= batchSize) {
        // the for-await loop reads no more while the batch is written: the server waits
        await options.onRows(routed, counts);
        routed = [];
        inBatch = 0;
      }
    }
    if (rest && rest.length > 0) throw new Error("COPY ended in the middle of a row");
    if (inBatch > 0) await options.onRows(routed, counts);
  }
  return counts;
}

const COPY_ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };

/** COPY's text format: tab-separated fields, \N for NULL, backslash escapes for control characters. */
function rowDecoder(columns: SelectColumn[]): (line: string) => Record<string, unknown> {
  return (line) => {
    const fields = line.split("\t");
    if (fields.length !== columns.length) throw new Error(`COPY row has ${fields.length} fields, not ${columns.length}`);
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
      const raw = fields[i];
      if (raw === "\\N") {
        row[columns[i].as] = null;
        continue;
      }
      const text = raw.includes("\\") ? raw.replace(/\\(.)/g, (_, c: string) => COPY_ESCAPES[c] ?? c) : raw;
      const type = columns[i].type;
      row[columns[i].as] = type === "text" ? text : type === "json" ? JSON.parse(text) : Number(text);
    }
    return row;
  };
}

/**
 * Reads every part of the export's query in keyset chunks of `batchSize` rows (query.ts, chunkSql),
 * each one short statement on whichever pooled connection is free: nothing stays open between
 * chunks, so on the embedded database other connections run in between. The next chunk is asked
 * for as soon as this one arrives (its last keys say where it starts), while this one is written.
 * Unlike copyRows' one snapshot, each chunk sees the rows committed when it runs.
 */
export async function chunkRows(db: pg.Pool, layout: ExportLayoutName, definition: ExportDefinition, options: StreamOptions): Promise<StreamCounts> {
  const batchSize = options.batchSize ?? 2_000;
  const { counts, route } = router(layout, definition, options.form);
  for (const part of exportQuery(layout, definition)) {
    const keys = chunkKeyNames(part);
    const fetch = (after: unknown[] | null) => queryOn<ChunkRow>(db, chunkSql(part, after, batchSize).compile(kysely));
    let next: ReturnType<typeof fetch> | null = fetch(null);
    try {
      while (next) {
        const rows: ChunkRow[] = await next;
        const last = rows.at(-1);
        next = rows.length === batchSize ? fetch(keys.map((key) => last![key])) : null;
        counts.selected += rows.length;
        const routed: RoutedRow[] = [];
        for (const record of rows) {
          const out = route(record);
          if (out) routed.push(out);
        }
        if ((await options.onRows(routed, counts)) === false) return counts;
      }
    } finally {
      // a batch that failed to write (or a preview that has enough) leaves a chunk in flight
      await next?.catch(() => {});
    }
  }
  return counts;
}

/** A selected record, with its order keys beside it under chunkKeyNames. */
type ChunkRow = ChainRecord & PairRecord & Record<string, unknown>;

/** Turns each selected record into its row and files, or leaves it out, counting why in `counts`. */
function router(layout: ExportLayoutName, definition: ExportDefinition, form: RowForm = "text"): { counts: StreamCounts; route: (record: ChainRecord & PairRecord) => RoutedRow | null } {
  const counts: StreamCounts = { selected: 0, leftOut: { evasive: 0, phrase: 0, tie: 0 } };
  return { counts, route: recordRouter(layout, definition, textFilter(definition), counts, form) };
}

function recordRouter(
  layout: ExportLayoutName,
  definition: ExportDefinition,
  keep: ReturnType<typeof textFilter>,
  counts: StreamCounts,
  form: RowForm,
): (record: ChainRecord & PairRecord) => RoutedRow | null {
  const leftOut = (reason: LeftOutReason | null) => {
    if (reason === null) return false;
    counts.leftOut[reason]++;
    return true;
  };
  if (layout === "PREFERENCE") {
    return (record: PairRecord) => {
      const decision = decidePreference(record, definition.humanWins);
      if (decision === null) {
        counts.leftOut.tie++;
        return null;
      }
      if (leftOut(keep(decision.aChosen ? record.responseA : record.responseB))) return null;
      return { files: ["preference"], row: preferenceRow(record, decision, form), constitutionVersionId: record.constitutionVersionId };
    };
  }
  if (layout === "SFT") {
    return (record: ChainRecord) => (leftOut(keep(record.answer)) ? null : { files: ["sft"], row: sftRow(record, form), constitutionVersionId: record.constitutionVersionId });
  }
  return (record: ChainRecord) => {
    if (leftOut(keep(record.answer))) return null;
    const split = splitOf(record.promptHash, definition.seed, definition.testFraction);
    return { files: [`${split}_sft`, `${split}_prefs`], row: h4Row(record, form), constitutionVersionId: record.constitutionVersionId };
  };
}
