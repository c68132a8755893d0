import "server-only";
import { randomInt } from "node:crypto";
import type { SlRunConfig, SlRunRequest } from "@/lib/schemas/runs";
import { prisma } from "../db";
import { NotFoundError, UserError } from "../errors";
import { inTransaction } from "../pg";
import { prefixTsquery } from "../prompts/search-query";
import { enqueueItems, ensureQueue } from "./queue";

// Starting an SL-CAI run: check that everything it needs exists and fits together, record the
// exact settings (the seed drawn, the sampling parameters merged with the endpoint's), then make
// one item per selected prompt and its job, all in one transaction.

const RAW_DEFAULT_MAX_TOKENS = 512;

export async function createSlRun(request: SlRunRequest, userId?: string): Promise<{ runId: number; items: number }> {
  const config = await checkedConfig(request);
  await ensureQueue();
  return inTransaction(async (db) => {
    const { rows: runs } = await db.query<{ id: number }>(
      `INSERT INTO "Run" (kind, name, status, "datasetId", "endpointId", "constitutionVersionId", config, "createdById", "startedAt")
       VALUES ('SL_CAI', $1, 'RUNNING', $2, $3, $4, $5, $6, now()) RETURNING id`,
      [request.name, request.datasetId, request.endpointId, request.constitutionVersionId, JSON.stringify(config), userId ?? null],
    );
    const runId = runs[0].id;
    const { sql, params } = promptSelection(request, 3);
    const { rows: items } = await db.query<{ id: number }>(
      `INSERT INTO "RunItem" ("runId", "promptId") SELECT $1, p.id FROM (${sql}) p ORDER BY p.id RETURNING id`,
      [runId, request.datasetId, ...params],
    );
    if (items.length === 0) throw new UserError("No prompt of the dataset matches the run's filter: nothing to run.");
    await enqueueItems(db, items.map((item) => ({ runId, itemId: item.id })));
    return { runId, items: items.length };
  });
}

/** How many prompts a run with this request would cover (the form shows it before starting). */
export async function countSelectedPrompts(request: Pick<SlRunRequest, "datasetId" | "filter">): Promise<number> {
  const { sql, params } = promptSelection(request, 2);
  const rows = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM (${sql}) p`, request.datasetId, ...params);
  return Number(rows[0].n);
}

/** The selected prompts' ids as SQL; $<first - 1> is the dataset id, parameters follow from $<first>. */
function promptSelection({ filter }: Pick<SlRunRequest, "filter">, first: number): { sql: string; params: unknown[] } {
  const conditions = [`"datasetId" = $${first - 1}`];
  const params: unknown[] = [];
  const next = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  if (filter.tag) conditions.push(`${next(filter.tag)} = ANY(tags)`);
  if (filter.q) {
    const query = prefixTsquery(filter.q);
    if (!query) throw new UserError("filter.q: the search has no words that can be searched for");
    conditions.push(`"searchVector" @@ to_tsquery('english', ${next(query)})`);
  }
  if (filter.withoutChains) conditions.push(`"chainCount" = 0`);
  const limit = filter.limit ? ` LIMIT ${next(filter.limit)}` : "";
  return { sql: `SELECT id FROM "Prompt" WHERE ${conditions.join(" AND ")} ORDER BY id${limit}`, params };
}

async function checkedConfig(request: SlRunRequest): Promise<SlRunConfig> {
  const [dataset, endpoint, version] = await Promise.all([
    prisma.dataset.findUnique({ where: { id: request.datasetId }, select: { id: true } }),
    prisma.modelEndpoint.findUnique({ where: { id: request.endpointId } }),
    prisma.constitutionVersion.findUnique({
      where: { id: request.constitutionVersionId },
      select: {
        _count: { select: { principles: { where: { kind: "CRITIQUE_REVISION" } }, fewShots: { where: { kind: "CRITIQUE_REVISION" } } } },
      },
    }),
  ]);
  if (!dataset) throw new NotFoundError(`datasetId: there is no dataset ${request.datasetId}`);
  if (!endpoint) throw new NotFoundError(`endpointId: there is no endpoint ${request.endpointId}`);
  if (!version) throw new NotFoundError(`constitutionVersionId: there is no constitution version ${request.constitutionVersionId}`);
  if (version._count.principles === 0) {
    throw new UserError("constitutionVersionId: this version has no critique-revision principles to critique and revise with");
  }
  if (request.fewShot && version._count.fewShots === 0) {
    throw new UserError("fewShot: this constitution version has no critique-revision few-shot examples");
  }
  if (request.promptFormat === "raw" && endpoint.kind !== "OPENAI_COMPATIBLE") {
    throw new UserError("promptFormat: the raw Human:/Assistant: form needs an OpenAI-compatible completions endpoint");
  }
  const endpointParams = (endpoint.params ?? {}) as SlRunRequest["params"];
  const params = { ...pick(endpointParams, ["temperature", "topP", "maxTokens", "stop"]), ...request.params };
  // completion servers stop after 16 tokens unless told otherwise; a revision needs room
  if (request.promptFormat === "raw") params.maxTokens ??= RAW_DEFAULT_MAX_TOKENS;
  return {
    ...request,
    sampling: request.sampling.mode === "uniform" ? { mode: "uniform", seed: request.sampling.seed ?? randomInt(2 ** 31 - 1) } : request.sampling,
    params,
    endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model },
  };
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Pick<T, K>;
}
