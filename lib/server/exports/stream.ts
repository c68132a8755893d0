import "server-only";
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { textFilter, type LeftOutReason } from "@/lib/cai/exports/filters";
import { decidePreference, h4Row, preferenceRow, sftRow, type ChainRecord, type PairRecord } from "@/lib/cai/exports/rows";
import { splitOf } from "@/lib/cai/exports/split";
import type { ExportDefinition, ExportLayoutName } from "@/lib/schemas/exports";
import { countSql, exportQuery, selectSql } from "./query";

// An export's rows in order, batch by batch, from cursors over the layout's SELECTs (query.ts):
// declareCursors opens them in the caller's transaction (one snapshot for every part), streamRows
// reads them, in that transaction or, for cursors declared WITH HOLD, after it committed (run.ts on
// the embedded database, which runs nothing else while a connection holds a transaction open).
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
  /** rows per FETCH */
  batchSize?: number;
  /** called with each batch of kept rows; return false to stop early (preview) */
  onRows(rows: RoutedRow[], counts: StreamCounts): Promise<boolean | void> | boolean | void;
}

/** How many rows the definition's SQL selects (the text filters are not counted: they need the text). */
export async function countSelected(db: pg.ClientBase, layout: ExportLayoutName, definition: ExportDefinition): Promise<number> {
  let total = 0;
  for (const part of exportQuery(layout, definition)) {
    const { rows } = await db.query<{ n: number }>(countSql(part), part.params);
    total += rows[0].n;
  }
  return total;
}

/**
 * Declares one cursor per part of the export's query, in the caller's transaction. WITH HOLD
 * cursors outlive it: Postgres computes their rows at COMMIT (into a temporary file past work_mem).
 * Names are unique: the embedded database is one session that every connection shares.
 */
export async function declareCursors(db: pg.ClientBase, layout: ExportLayoutName, definition: ExportDefinition, { hold = false } = {}): Promise<string[]> {
  const id = randomBytes(6).toString("hex");
  const cursors: string[] = [];
  for (const [i, part] of exportQuery(layout, definition).entries()) {
    const cursor = `export_rows_${id}_${i}`;
    await db.query(`DECLARE ${cursor} NO SCROLL CURSOR ${hold ? "WITH HOLD " : ""}FOR ${selectSql(part)}`, part.params);
    cursors.push(cursor);
  }
  return cursors;
}

/** Closes cursors streamRows did not read to the end (a preview, an error). */
export async function closeCursors(db: pg.ClientBase, cursors: string[]): Promise<void> {
  for (const cursor of cursors) await db.query(`CLOSE ${cursor}`).catch(() => {});
}

/** Reads the cursors in order, closing each when it is done. */
export async function streamRows(db: pg.ClientBase, cursors: string[], layout: ExportLayoutName, definition: ExportDefinition, options: StreamOptions): Promise<StreamCounts> {
  const batchSize = options.batchSize ?? 2_000;
  const keep = textFilter(definition);
  const counts: StreamCounts = { selected: 0, leftOut: { evasive: 0, phrase: 0, tie: 0 } };
  const route = router(layout, definition, keep, counts);
  for (const cursor of cursors) {
    const fetch = () => db.query(`FETCH ${batchSize} FROM ${cursor}`);
    try {
      // the next batch is fetched while this one is turned into rows and written: Postgres and
      // Node work at the same time (the connection runs one query at a time, in order)
      let next: ReturnType<typeof fetch> | null = fetch();
      while (next) {
        const { rows }: pg.QueryResult = await next;
        next = rows.length === batchSize ? fetch() : null;
        if (rows.length === 0) break;
        counts.selected += rows.length;
        const routed: RoutedRow[] = [];
        for (const record of rows) {
          const out = route(record);
          if (out) routed.push(out);
        }
        if ((await options.onRows(routed, counts)) === false) {
          await next?.catch(() => {});
          return counts;
        }
      }
    } finally {
      await db.query(`CLOSE ${cursor}`).catch(() => {});
    }
  }
  return counts;
}

function router(layout: ExportLayoutName, definition: ExportDefinition, keep: ReturnType<typeof textFilter>, counts: StreamCounts): (record: ChainRecord & PairRecord) => RoutedRow | null {
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
      return { files: ["preference"], row: preferenceRow(record, decision), constitutionVersionId: record.constitutionVersionId };
    };
  }
  if (layout === "SFT") {
    return (record: ChainRecord) => (leftOut(keep(record.answer)) ? null : { files: ["sft"], row: sftRow(record), constitutionVersionId: record.constitutionVersionId });
  }
  return (record: ChainRecord) => {
    if (leftOut(keep(record.answer))) return null;
    const split = splitOf(record.promptHash, definition.seed, definition.testFraction);
    return { files: [`${split}_sft`, `${split}_prefs`], row: h4Row(record), constitutionVersionId: record.constitutionVersionId };
  };
}
