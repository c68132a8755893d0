import { setTimeout as sleep } from "node:timers/promises";
import { rebuildStaleSummaries } from "@/lib/server/charts/summaries";
import { pgPool } from "@/lib/server/pg";

// The chart summaries' stale mark as the tests read and set it, and their rebuild as a worker's
// sweep makes it (lib/server/charts/summaries.ts).

export async function stale(): Promise<boolean> {
  const { rows } = await pgPool().query<{ stale: boolean }>(`SELECT stale FROM "ChartSummaryState" WHERE name = 'charts'`);
  return rows[0].stale;
}

/** What a write the triggers do not follow does to the state. */
export async function markStale(): Promise<void> {
  await pgPool().query(`UPDATE "ChartSummaryState" SET stale = true WHERE name = 'charts'`);
}

/**
 * Rebuilds the summaries as a worker's sweep does, until they are current: a rebuild another
 * test's worker is running meanwhile (the lock passes this one by) is waited out.
 */
export async function summariesRebuilt(): Promise<void> {
  while (!(await rebuildStaleSummaries()) && (await stale())) await sleep(50);
}
