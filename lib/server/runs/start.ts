import "server-only";
import { sql, type RawBuilder } from "kysely";
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

export async function startRun(run: NewRun, selection: Selection, userId?: string): Promise<{ runId: number; items: number }> {
  await ensureQueue();
  return inTransaction(async (client) => {
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
  });
}

export interface PromptFilter {
  tag?: string;
  q?: string;
  withoutChains?: boolean;
  limit?: number;
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
  const limit = filter.limit ? sql` LIMIT ${filter.limit}` : sql``;
  return {
    column: "promptId",
    empty: "No prompt of the dataset matches the run's filter: nothing to run.",
    query: sql<{ id: number }>`SELECT id FROM "Prompt" WHERE ${sql.join(conditions, sql` AND `)} ORDER BY id${limit}`,
  };
}
