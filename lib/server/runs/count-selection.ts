import "server-only";
import { pgPool } from "../pg";
import type { Selection } from "./start";

/** How many items a selection would make: forms show it before a run starts. */
export async function countSelection(selection: Selection): Promise<number> {
  const { rows } = await pgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM (${selection.sql(1)}) s`, selection.params);
  return rows[0].n;
}
