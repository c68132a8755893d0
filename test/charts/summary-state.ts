import { pgPool } from "@/lib/server/pg";

// The chart summaries' stale mark as the tests read and set it (lib/server/charts/summaries.ts).

export async function stale(): Promise<boolean> {
  const { rows } = await pgPool().query<{ stale: boolean }>(`SELECT stale FROM "ChartSummaryState" WHERE name = 'charts'`);
  return rows[0].stale;
}

/** What a write the triggers do not follow does to the state. */
export async function markStale(): Promise<void> {
  await pgPool().query(`UPDATE "ChartSummaryState" SET stale = true WHERE name = 'charts'`);
}
