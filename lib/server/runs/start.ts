import "server-only";
import type { RunKind } from "@/lib/schemas/run-config";
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

/** SQL selecting the items' `id`s, with its parameters numbered from `$first`. */
export interface Selection {
  column: "promptId" | "comparisonId";
  sql: (first: number) => string;
  params: unknown[];
  /** said when nothing matches */
  empty: string;
}

export async function startRun(run: NewRun, selection: Selection, userId?: string): Promise<{ runId: number; items: number }> {
  await ensureQueue();
  return inTransaction(async (db) => {
    const { rows: runs } = await db.query<{ id: number }>(
      `INSERT INTO "Run" (kind, name, status, "datasetId", "endpointId", "constitutionVersionId", config, "createdById", "startedAt")
       VALUES ($1::"RunKind", $2, 'RUNNING', $3, $4, $5, $6, $7, now()) RETURNING id`,
      [run.kind, run.name, run.datasetId, run.endpointId, run.constitutionVersionId, JSON.stringify(run.config), userId ?? null],
    );
    const runId = runs[0].id;
    const { rows: items } = await db.query<{ id: number }>(`INSERT INTO "RunItem" ("runId", "${selection.column}") SELECT $1, s.id FROM (${selection.sql(2)}) s ORDER BY s.id RETURNING id`, [
      runId,
      ...selection.params,
    ]);
    if (items.length === 0) throw new UserError(selection.empty);
    await enqueueItems(
      db,
      items.map((item) => ({ runId, itemId: item.id })),
    );
    await recordAudit(db, { userId, action: "run.start", entityType: "run", entityId: runId, after: { kind: run.kind, name: run.name, items: items.length, config: run.config } });
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
  const params: unknown[] = [datasetId];
  const conditions: ((at: (i: number) => string) => string)[] = [(at) => `"datasetId" = ${at(0)}`];
  const add = (value: unknown, condition: (placeholder: string) => string) => {
    const index = params.push(value) - 1;
    conditions.push((at) => condition(at(index)));
  };
  if (filter.tag) add(filter.tag, (p) => `${p} = ANY(tags)`);
  if (filter.q) {
    const query = prefixTsquery(filter.q);
    if (!query) throw UserError.about("filter.q", "the search has no words that can be searched for");
    add(query, (p) => `"searchVector" @@ to_tsquery('english', ${p})`);
  }
  if (filter.withoutChains) conditions.push(() => `"chainCount" = 0`);
  let limitIndex: number | undefined;
  if (filter.limit) limitIndex = params.push(filter.limit) - 1;
  return {
    column: "promptId",
    params,
    empty: "No prompt of the dataset matches the run's filter: nothing to run.",
    sql: (first) => {
      const at = (i: number) => `$${first + i}`;
      const limit = limitIndex === undefined ? "" : ` LIMIT ${at(limitIndex)}`;
      return `SELECT id FROM "Prompt" WHERE ${conditions.map((c) => c(at)).join(" AND ")} ORDER BY id${limit}`;
    },
  };
}
