import "server-only";
import { sql, type RawBuilder } from "kysely";
import { EDGE_SLACK } from "@/lib/cai/charts/unit-bins";
import { db } from "../db";

// SQL pieces the chart queries share, as Kysely sql templates: each value is a parameter where it
// is interpolated, and constants of the method (EDGE_SLACK, tolerances, limits) are written as literals.

/** A piece of a statement, for the chart queries to compose. */
export type Fragment = RawBuilder<unknown>;

/**
 * The bin of a probability column over `bins` equal-width bins of [0, 1], as unitBinIndex in
 * lib/cai/charts puts it (lower edge inclusive, 1 in the last bin, EDGE_SLACK below an edge);
 * null for a value outside [0, 1]. `bins` is the number of bins (a parameter, cast as the caller needs).
 */
export function unitBinSql(column: Fragment, bins: Fragment): RawBuilder<number | null> {
  return sql`CASE WHEN ${column} >= 0 AND ${column} <= 1 THEN least(floor(${column} * ${bins} + ${sql.lit(EDGE_SLACK)})::int, ${bins} - 1) END`;
}

/** A value of a numeric parameter or null, for `($n::int IS NULL OR col = $n)` filters. */
export function orNull<T>(value: T | undefined): T | null {
  return value ?? null;
}

/** A run's name as the chart pickers show it: its own, or "<kind> run #<id>" for a run without one. */
export const RUN_NAME_SQL = sql<string>`coalesce(nullif(name, ''), lower(kind::text) || ' run #' || id)`;

/**
 * The join and condition scoping AiVerdict `v` to a dataset: through its comparison's prompt when a
 * dataset is chosen, otherwise no join and a condition that holds.
 */
export function verdictDatasetSql(dataset: number | undefined): { join: Fragment; where: Fragment } {
  return dataset
    ? { join: sql`JOIN "Comparison" c ON c.id = v."comparisonId" JOIN "Prompt" p ON p.id = c."promptId"`, where: sql`p."datasetId" = ${dataset}` }
    : { join: sql``, where: sql`${orNull(dataset)}::int IS NULL` };
}

/** The names the charts label principles, endpoints and runs with, for namesById. */
export const NAMES_SQL = {
  principle: (ids: number[]) => sql<{ id: number; name: string }>`SELECT id, key AS name FROM "Principle" WHERE id = ANY(${ids})`,
  endpoint: (ids: number[]) => sql<{ id: number; name: string }>`SELECT id, name FROM "ModelEndpoint" WHERE id = ANY(${ids})`,
} as const;

/** Names by id from a `SELECT id, name ... WHERE id = ANY(ids)` query; no query for no ids. */
export async function namesById(query: (ids: number[]) => RawBuilder<{ id: number; name: string }>, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await query([...new Set(ids)]).execute(db);
  return new Map(rows.map((r) => [r.id, r.name]));
}
