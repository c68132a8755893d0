import "server-only";
import { EDGE_SLACK } from "@/lib/cai/charts/unit-bins";
import { pgPool } from "../pg";

// SQL pieces the chart queries share.

/**
 * The bin of a probability column over `bins` equal-width bins of [0, 1], as unitBinIndex in
 * lib/cai/charts puts it (lower edge inclusive, 1 in the last bin, EDGE_SLACK below an edge);
 * null for a value outside [0, 1]. `binsParam` is the placeholder holding the number of bins.
 */
export function unitBinSql(column: string, binsParam: string): string {
  return `CASE WHEN ${column} >= 0 AND ${column} <= 1 THEN least(floor(${column} * ${binsParam} + ${EDGE_SLACK})::int, ${binsParam} - 1) END`;
}

/** A value of a numeric parameter or null, for `($n::int IS NULL OR col = $n)` filters. */
export function orNull<T>(value: T | undefined): T | null {
  return value ?? null;
}

/** A run's name as the chart pickers show it: its own, or "<kind> run #<id>" for a run without one. */
export const RUN_NAME_SQL = `coalesce(nullif(name, ''), lower(kind::text) || ' run #' || id)`;

/**
 * The join and condition scoping AiVerdict `v` to the dataset in placeholder `param`: through its
 * comparison's prompt when a dataset is chosen, otherwise no join and the parameter null.
 */
export function verdictDatasetSql(dataset: number | undefined, param: string): { join: string; where: string } {
  return dataset
    ? { join: `JOIN "Comparison" c ON c.id = v."comparisonId" JOIN "Prompt" p ON p.id = c."promptId"`, where: `p."datasetId" = ${param}` }
    : { join: "", where: `${param}::int IS NULL` };
}

/** The names the charts label principles, endpoints and runs with, for namesById. */
export const NAMES_SQL = {
  principle: `SELECT id, key AS name FROM "Principle" WHERE id = ANY($1)`,
  endpoint: `SELECT id, name FROM "ModelEndpoint" WHERE id = ANY($1)`,
} as const;

/** Names by id from a `SELECT id, name ... WHERE id = ANY($1)` query; no query for no ids. */
export async function namesById(sql: string, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await pgPool().query<{ id: number; name: string }>(sql, [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
