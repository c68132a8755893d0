import "server-only";
import { sql } from "kysely";
import { db } from "../db";

// The chart summaries (ChartRevisionScore, ChartOutsideScore, ChartPrincipleChange,
// ChartChainResponses, ChartScorePair, AiLabelPair, ChartPositionCell) are kept by triggers as rows are written, in
// the writing transaction (migration 20261127132554_chart_summaries). The rare writes the
// triggers do not follow row by row (deleting chains, prompts, responses or labels, changing a key
// column) mark them stale; a chart request then rebuilds them once before it reads, so a chart
// never answers from summaries older than the data.

/** Rebuilds the summaries first if a write marked them stale; answers whether it rebuilt. */
export async function freshSummaries(): Promise<boolean> {
  const state = await db.selectFrom("ChartSummaryState").select("stale").where("name", "=", "charts").executeTakeFirst();
  if (!state?.stale) return false;
  const {
    rows: [rebuilt],
  } = await sql<{ rebuilt: boolean }>`SELECT chart_refresh() AS rebuilt`.execute(db);
  return rebuilt.rebuilt;
}
