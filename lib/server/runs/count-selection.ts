import "server-only";
import { sql } from "kysely";
import { db } from "../db";
import type { Selection } from "./start";

/** How many items a selection would make: forms show it before a run starts. */
export async function countSelection(selection: Selection): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${selection.query}) s`.execute(db);
  return rows[0].n;
}
