import "server-only";
import { pgPool } from "../pg";

// The chart summaries (ChartRevisionScore, ChartOutsideScore, ChartPrincipleChange,
// ChartChainResponses, ChartScorePair, AiLabelPair, ChartPositionCell) are kept by triggers as rows are written, in
// the writing transaction (migration 20261127132554_chart_summaries). The rare writes the
// triggers do not follow row by row (deleting chains, prompts, responses or labels, changing a key
// column) mark them stale; a chart request then rebuilds them once before it reads, so a chart
// never answers from summaries older than the data.

/** Rebuilds the summaries first if a write marked them stale; answers whether it rebuilt. */
export async function freshSummaries(): Promise<boolean> {
  const db = pgPool();
  const { rows } = await db.query<{ stale: boolean }>(`SELECT stale FROM "ChartSummaryState" WHERE name = 'charts'`);
  if (!rows[0]?.stale) return false;
  const { rows: [rebuilt] } = await db.query<{ rebuilt: boolean }>(`SELECT chart_refresh() AS rebuilt`);
  return rebuilt.rebuilt;
}
