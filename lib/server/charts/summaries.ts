import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { sql, type Kysely } from "kysely";
import type pg from "pg";
import type { DB } from "@/lib/generated/db/types";
import type { SummaryFreshness } from "@/lib/schemas/charts";
import { db, dbOn, utc } from "../db";
import { inTransaction, isEmbeddedDatabase, pgPool, transactionOn } from "../pg";

// The chart summaries (ChartRevisionScore, ChartOutsideScore, ChartPrincipleChange,
// ChartChainResponses, ChartScorePair, AiLabelPair, ChartPositionCell) are kept by triggers as rows are written, in
// the writing transaction (migration 20261127132554_chart_summaries). The rare writes the
// triggers do not follow row by row (deleting chains, prompts, responses or labels, changing a key
// column, a statement of more than 1,000 scores or 5,000 chains, steps or labels) mark them stale.
// A chart request never rebuilds them: it reads the last complete summaries and says how old they
// are (summaryFreshness); the workers' sweep rebuilds them (rebuild-jobs.ts), one rebuild at a time
// across every process (chart_refresh, migration 20261208013000_chart_summaries_in_background).
// On a Postgres server the rebuild is one transaction, so readers see the old rows until it commits.

/**
 * How long a rebuild waits for a lock before it gives up until the next sweep: a writer's open
 * transaction (an import of an hour) holds the summaries, and a rebuild queued behind it would hold
 * up every other writer meanwhile.
 */
const LOCK_WAIT = "2s";
const LOCK_NOT_AVAILABLE = "55P03";
/**
 * The tables a rebuild reads. The embedded database runs no autovacuum, so nothing analyzes them
 * there but an import of 10,000 records: planned without statistics, the rebuild of 2,000 chains
 * took 172 s instead of 0.3 s, holding every connection. 20,000 chains are analyzed in 0.5 s.
 */
const SOURCES = sql.raw(`"Prompt", "Response", "Chain", "ChainStep", "Score", "Comparison", "AiLabel"`);

/** How current the summaries are, read before the summaries themselves so an answer never claims newer numbers than it read. */
export async function summaryFreshness(): Promise<SummaryFreshness> {
  const state = await db
    .selectFrom("ChartSummaryState")
    .select([
      "stale",
      utc("staleSince").as("staleSince"),
      sql<number | null>`extract(epoch FROM (now() AT TIME ZONE 'UTC') - "staleSince")::float8`.as("ageSeconds"),
      sql<boolean>`chart_rebuilding()`.as("rebuilding"),
    ])
    .where("name", "=", "charts")
    .executeTakeFirstOrThrow();
  return {
    current: !state.stale,
    staleSince: state.stale && state.staleSince ? state.staleSince.toISOString() : null,
    ageSeconds: state.stale && state.ageSeconds !== null ? Math.max(0, Math.round(state.ageSeconds)) : null,
    rebuilding: state.rebuilding,
  };
}

/**
 * Rebuilds the summaries if a write marked them stale, unless another rebuild is running or a
 * writer holds them longer than LOCK_WAIT (the next sweep tries again); answers whether it rebuilt.
 * On `client` (the caller's connection) if given, else on a connection of the pool.
 */
export async function rebuildStaleSummaries(client?: pg.ClientBase): Promise<boolean> {
  const on = client ? dbOn(client) : db;
  if (!(await isStale(on))) return false;
  if (await isEmbeddedDatabase(client ?? pgPool())) await sql`ANALYZE ${SOURCES}`.execute(on);
  const rebuild = async (tx: pg.ClientBase) => {
    await sql`SET LOCAL lock_timeout = ${sql.lit(LOCK_WAIT)}`.execute(dbOn(tx));
    const {
      rows: [row],
    } = await sql<{ rebuilt: boolean }>`SELECT chart_refresh() AS rebuilt`.execute(dbOn(tx));
    return row.rebuilt;
  };
  try {
    return await (client ? transactionOn(client, rebuild) : inTransaction(rebuild));
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return false;
    throw error;
  }
}

/**
 * Rebuilds the summaries if they are stale, waiting out a rebuild another process is running, so
 * they hold every write committed before the call: for work whose caller waits for it anyway (a
 * fit), and for tests and the bench, which run no worker.
 */
export async function currentSummaries(client?: pg.ClientBase): Promise<void> {
  while (!(await rebuildStaleSummaries(client)) && (await isStale(client ? dbOn(client) : db))) await sleep(100);
}

async function isStale(on: Kysely<DB>): Promise<boolean> {
  const state = await on.selectFrom("ChartSummaryState").select("stale").where("name", "=", "charts").executeTakeFirst();
  return state?.stale ?? false;
}
