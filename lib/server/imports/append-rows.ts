import "server-only";
import { sql } from "kysely";
import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { dbOn } from "../db";
import { isEmbeddedDatabase } from "../pg";

// Appends rows to a table inside the caller's transaction, the fastest way the server allows:
// COPY FROM STDIN on a Postgres server (it writes rows in batches; an INSERT writes them one by
// one), and INSERT ... SELECT FROM unnest() on the embedded PGlite, whose socket server does not
// speak the COPY sub-protocol. Both paths take the same rows and are tested: the integration
// tests run on a server, the embedded smoke test and CLI tests on PGlite.

export type Cell = string | number | null;

export interface TableRows {
  table: string;
  /** column name and its Postgres type, as unnest() needs it */
  columns: [name: string, type: string][];
  rows: Cell[][];
}

export async function serverSpeaksCopy(db: pg.ClientBase): Promise<boolean> {
  return !(await isEmbeddedDatabase(db));
}

export async function appendRows(db: pg.ClientBase, useCopy: boolean, { table, columns, rows }: TableRows): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  if (useCopy) {
    const stream = db.query(copyFrom(`COPY "${table}" (${names}) FROM STDIN`));
    const finished = once(stream, "finish");
    stream.end(rows.map(copyLine).join(""));
    await finished;
    return;
  }
  // each column's values as one array parameter, cast to its type
  const arrays = columns.map(([, type], c) => sql`${rows.map((row) => row[c])}::${sql.raw(type)}[]`);
  await sql`INSERT INTO ${sql.raw(`"${table}"`)} (${sql.raw(names)}) SELECT * FROM unnest(${sql.join(arrays)})`.execute(dbOn(db));
}

/** One row in COPY's text format: tab-separated, \N for null, backslash escapes. */
function copyLine(row: Cell[]): string {
  return `${row.map((cell) => (cell === null ? "\\N" : typeof cell === "number" ? String(cell) : escapeCopy(cell))).join("\t")}\n`;
}

function escapeCopy(text: string): string {
  return text.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
}
