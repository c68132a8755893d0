import "server-only";
import { sql, type RawBuilder } from "kysely";
import type pg from "pg";
import type { RunKind } from "@/lib/schemas/run-config";
import { dbOn } from "../db";
import { UserError } from "../errors";
import { inTransaction } from "../pg";
import { prefixTsquery } from "../prompts/search-query";
import { recordAudit } from "../audit/record";
import { ensureQueue } from "../jobs/queue";
import { enqueueItems } from "./queue";

// What every kind of run does to start: one Run row with its exact settings, one item per selected
// prompt or pair, and one queue job per item, in a single transaction.

export interface NewRun {
  kind: RunKind;
  name: string;
  datasetId: number;
  endpointId: number;
  constitutionVersionId: number | null;
  config: object;
}

/** What a run's items are: a query selecting their prompts' or pairs' `id`s, in the order to work them. */
export interface Selection {
  column: "promptId" | "comparisonId";
  query: RawBuilder<{ id: number }>;
  /** said when nothing matches */
  empty: string;
}

/** What a kind's prepare gives: a checked run and its items, nothing written yet. */
export interface PreparedRun {
  run: NewRun;
  selection: Selection;
}

/**
 * Starts a run in a transaction of its own, or in the caller's (`tx`): an experiment starts its arms
 * and its judging run together with its own rows, so none exists without the other. A caller that
 * passes `tx` calls ensureQueue() before opening it (pg-boss makes the queue on another connection).
 */
export async function startRun(run: NewRun, selection: Selection, userId?: string, tx?: pg.ClientBase): Promise<{ runId: number; items: number }> {
  if (tx) return insertRun(tx, run, selection, userId);
  await ensureQueue();
  return inTransaction((client) => insertRun(client, run, selection, userId));
}

async function insertRun(client: pg.ClientBase, run: NewRun, selection: Selection, userId: string | undefined): Promise<{ runId: number; items: number }> {
  const db = dbOn(client);
  const { id: runId } = await db
    .insertInto("Run")
    .values({
      kind: run.kind,
      name: run.name,
      status: "RUNNING",
      datasetId: run.datasetId,
      endpointId: run.endpointId,
      constitutionVersionId: run.constitutionVersionId,
      config: JSON.stringify(run.config),
      createdById: userId ?? null,
      startedAt: sql<Date>`now()`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { rows: items } = await sql<{ id: number }>`
    INSERT INTO "RunItem" ("runId", ${sql.ref(selection.column)}) SELECT ${runId}, s.id FROM (${selection.query}) s ORDER BY s.id RETURNING id`.execute(db);
  if (items.length === 0) throw new UserError(selection.empty);
  await enqueueItems(
    client,
    items.map((item) => ({ runId, itemId: item.id })),
  );
  await recordAudit(client, { userId, action: "run.start", entityType: "run", entityId: runId, after: { kind: run.kind, name: run.name, items: items.length, config: run.config } });
  return { runId, items: items.length };
}

export interface PromptFilter {
  tag?: string;
  q?: string;
  withoutChains?: boolean;
  limit?: number;
  /** only the prompt set of this constitution experiment (its arms' runs) */
  experimentId?: number;
}

/** A dataset's prompts, narrowed by tag, search words, chains and a count. */
export function promptSelection(datasetId: number, filter: PromptFilter): Selection {
  const conditions = [sql`"datasetId" = ${datasetId}`];
  if (filter.tag) conditions.push(sql`${filter.tag} = ANY(tags)`);
  if (filter.q) {
    const query = prefixTsquery(filter.q);
    if (!query) throw UserError.about("filter.q", "the search has no words that can be searched for");
    conditions.push(sql`"searchVector" @@ to_tsquery('english', ${query})`);
  }
  if (filter.withoutChains) conditions.push(sql`"chainCount" = 0`);
  if (filter.experimentId !== undefined) conditions.push(sql`id IN (SELECT "promptId" FROM "ExperimentPrompt" WHERE "experimentId" = ${filter.experimentId})`);
  const limit = filter.limit ? sql` LIMIT ${filter.limit}` : sql``;
  return {
    column: "promptId",
    empty: "No prompt of the dataset matches the run's filter: nothing to run.",
    query: sql<{ id: number }>`SELECT id FROM "Prompt" WHERE ${sql.join(conditions, sql` AND `)} ORDER BY id${limit}`,
  };
}
