import "server-only";
import { CompiledQuery } from "kysely";
import { db } from "../db";
import type { Selection } from "./start";

/** How many items a selection would make: forms show it before a run starts. */
export async function countSelection(selection: Selection): Promise<number> {
  // a Selection is SQL text with numbered parameters (start.ts inserts the items with it), so it runs as compiled
  const { rows } = await db.executeQuery<{ n: number }>(CompiledQuery.raw(`SELECT count(*)::int AS n FROM (${selection.sql(1)}) s`, selection.params));
  return rows[0].n;
}
