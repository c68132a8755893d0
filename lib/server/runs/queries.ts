import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import { parseRunConfig, type RunKind } from "@/lib/schemas/run-config";
import { recordedEndpointSchema, slRunRequestSchema, type RunProgress } from "@/lib/schemas/runs";
import type { ModelEndpointOption } from "@/lib/schemas/endpoints";
import { db, prisma } from "../db";
import { NotFoundError } from "../errors";
import { listModelEndpointOptions } from "../endpoints/queries";

// The read side of runs, for the runs list, the run page and the run form. The engine's files next
// to this one write runs; nothing here changes a row. Listings page by keyset (runs by id, a run's
// items by prompt id through the (runId, promptId) unique index), never OFFSET, so a run over the
// paper's 182,831 prompts pages as fast at the end as at the start.

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

export const RUN_PAGE_SIZE = 25;
export const ITEM_PAGE_SIZE = 50;
const PREVIEW_CHARS = 200;

/** A run route's path parameters: /api/runs/[id]/... */
export const runIdParamsSchema = z.object({ id });
export const runListQuerySchema = z.object({ before: optional(id) });
/**
 * The run form's selection as flat URL parameters (datasetId, tag, q, withoutChains, limit), for the
 * count it shows before a run starts; read into the run request's own shape and schema.
 */
export const selectionQuerySchema = z.preprocess(
  (value) => {
    const { datasetId, tag, q, withoutChains, limit } = (value ?? {}) as Record<string, string | undefined>;
    const blank = (text?: string) => (text === undefined || text.trim() === "" ? undefined : text);
    return {
      datasetId,
      filter: { tag: blank(tag), q: blank(q), withoutChains: withoutChains === "true", limit: blank(limit) === undefined ? undefined : Number(limit) },
    };
  },
  slRunRequestSchema.pick({ datasetId: true, filter: true }),
);
export const runItemsQuerySchema = z.object({
  status: optional(z.enum(["PENDING", "CLAIMED", "DONE", "FAILED", "CANCELLED"])),
  /** keyset cursor: items whose prompt id is larger */
  after: optional(id),
});
export const runCallsQuerySchema = z.object({
  ids: z.string().transform((text, ctx) => {
    const parsed = z.array(id).min(1).max(64).safeParse(text.split(",").filter(Boolean));
    if (!parsed.success) ctx.addIssue({ code: "custom", message: "a comma-separated list of 1 to 64 call ids" });
    return parsed.data ?? [];
  }),
});

export type RunStatus = RunProgress["status"];

export interface RunListRow {
  id: number;
  name: string;
  kind: string;
  status: RunStatus;
  dataset: { id: number; name: string } | null;
  /** the endpoint row if it still exists; the model recorded in the run's config either way */
  endpoint: { id: number | null; name: string; model: string } | null;
  constitutionVersion: { id: number; version: number; constitutionName: string } | null;
  total: number;
  done: number;
  failed: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RunListPage {
  rows: RunListRow[];
  nextBefore?: number;
}

// the list shows only the model a run recorded, so only that is read of its config
const recordedEndpointOf = z.object({ endpoint: recordedEndpointSchema.optional() });

/** Runs newest first, a page at a time, each with what it points at (one joined query) and its item counts (one grouped query). */
export async function listRuns(query: z.infer<typeof runListQuerySchema> = {}): Promise<RunListPage> {
  const runs = await db
    .selectFrom("Run as r")
    .leftJoin("Dataset as d", "d.id", "r.datasetId")
    .leftJoin("ModelEndpoint as e", "e.id", "r.endpointId")
    .leftJoin("ConstitutionVersion as v", "v.id", "r.constitutionVersionId")
    .leftJoin("Constitution as k", "k.id", "v.constitutionId")
    .select(["r.id", "r.name", "r.kind", "r.status", "r.config", "r.createdAt", "r.startedAt", "r.finishedAt"])
    .select(["d.id as datasetId", "d.name as datasetName", "e.id as endpointId", "e.name as endpointName", "e.model as endpointModel"])
    .select(["v.id as versionId", "v.version", "k.name as constitutionName"])
    .$if(Boolean(query.before), (q) => q.where("r.id", "<", query.before!))
    .orderBy("r.id", "desc")
    .limit(RUN_PAGE_SIZE + 1)
    .execute();
  const page = runs.slice(0, RUN_PAGE_SIZE);
  const counts = await itemCounts(page.map((run) => run.id));
  return {
    rows: page.map((run) => {
      const recorded = recordedEndpointOf.safeParse(run.config).data?.endpoint;
      const count = counts.get(run.id);
      return {
        id: run.id,
        name: run.name,
        kind: run.kind,
        status: run.status,
        dataset: run.datasetId === null ? null : { id: run.datasetId, name: run.datasetName! },
        endpoint:
          run.endpointId !== null ? { id: run.endpointId, name: run.endpointName!, model: run.endpointModel! } : recorded ? { id: null, name: recorded.name, model: recorded.model } : null,
        constitutionVersion: run.versionId === null ? null : { id: run.versionId, version: run.version!, constitutionName: run.constitutionName! },
        total: count?.total ?? 0,
        done: count?.done ?? 0,
        failed: count?.failed ?? 0,
        createdAt: run.createdAt.toISOString(),
        startedAt: run.startedAt?.toISOString() ?? null,
        finishedAt: run.finishedAt?.toISOString() ?? null,
      };
    }),
    nextBefore: runs.length > RUN_PAGE_SIZE ? page.at(-1)?.id : undefined,
  };
}

async function itemCounts(runIds: number[]): Promise<Map<number, { runId: number; total: number; done: number; failed: number }>> {
  if (runIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("RunItem")
    .select([
      "runId",
      sql<number>`count(*)::int`.as("total"),
      sql<number>`count(*) FILTER (WHERE status = 'DONE')::int`.as("done"),
      sql<number>`count(*) FILTER (WHERE status = 'FAILED')::int`.as("failed"),
    ])
    .where(sql<boolean>`"runId" = ANY(${runIds}::int[])`)
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.map((row) => [row.runId, row]));
}

/** One run's settings and what they point at, for the run page's header and config section. */
export async function findRunDetail(runId: number) {
  const run = await prisma.run.findUnique({
    where: { id: runId },
    select: {
      id: true,
      name: true,
      kind: true,
      status: true,
      config: true,
      createdAt: true,
      dataset: { select: { id: true, name: true } },
      endpoint: { select: { id: true, name: true, kind: true, model: true, supportsLogprobs: true } },
      constitutionVersion: { select: { id: true, version: true, constitution: { select: { name: true } } } },
      createdBy: { select: { name: true, email: true } },
    },
  });
  if (!run) return null;
  return { ...run, ...parseRunConfig(run), createdAt: run.createdAt.toISOString() };
}

/** A run's detail, discriminated by its kind: `config` is that kind's stored settings. */
export type RunDetail = NonNullable<Awaited<ReturnType<typeof findRunDetail>>>;
export type RunDetailOf<K extends RunKind> = Extract<RunDetail, { kind: K }>;

export interface RunItemRow {
  itemId: number;
  promptId: number;
  /** the start of the prompt's last user turn */
  preview: string;
  status: "PENDING" | "CLAIMED" | "DONE" | "FAILED" | "CANCELLED";
  attempts: number;
  errorKind: string | null;
  error: string | null;
  calls: number;
  chainId: number | null;
  steps: number;
}

export interface RunItemPage {
  rows: RunItemRow[];
  nextAfter?: number;
}

/** The start of the prompt's last user turn. */
const preview = sql<string>`coalesce((SELECT left(t.turn->>'content', ${PREVIEW_CHARS}::int)
    FROM jsonb_array_elements(p.turns) WITH ORDINALITY AS t(turn, n)
   WHERE t.turn->>'role' = 'user' ORDER BY t.n DESC LIMIT 1), '')`;

/** A run's items (one per prompt) with the chain each has made so far, in prompt order. */
export async function listRunItems(runId: number, query: z.infer<typeof runItemsQuerySchema> = {}, limit = ITEM_PAGE_SIZE): Promise<RunItemPage> {
  const run = await db.selectFrom("Run").select("id").where("id", "=", runId).executeTakeFirst();
  if (!run) throw new NotFoundError(`there is no run ${runId}`);
  const { after, status } = query;
  const rows = await db
    .selectFrom("RunItem as i")
    .innerJoin("Prompt as p", "p.id", "i.promptId")
    .leftJoin("Chain as c", (join) => join.onRef("c.runId", "=", "i.runId").onRef("c.promptId", "=", "i.promptId"))
    .select(["i.id as itemId", "i.promptId", sql<RunItemRow["status"]>`i.status::text`.as("status"), "i.attempts", "i.errorKind", "i.error", "i.calls", "c.id as chainId"])
    .select((eb) => [
      eb
        .selectFrom("ChainStep as s")
        .whereRef("s.chainId", "=", "c.id")
        .select(sql<number>`count(*)::int`.as("n"))
        .as("steps"),
      preview.as("preview"),
    ])
    .where("i.runId", "=", runId)
    .$if(after !== undefined, (q) => q.where("i.promptId", ">", after!))
    .$if(status !== undefined, (q) => q.where("i.status", "=", sql<RunItemRow["status"]>`${status}::"RunItemStatus"`))
    .orderBy("i.promptId")
    .limit(limit + 1)
    .$narrowType<{ promptId: number; steps: number }>()
    .execute();
  const page = rows.slice(0, limit);
  return { rows: page, nextAfter: rows.length > limit ? page.at(-1)?.promptId : undefined };
}

export interface LlmCallView {
  id: number;
  callKey: string;
  model: string;
  /** the exact messages or prompt and the parameters sent */
  request: unknown;
  reply: string;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number;
  createdAt: string;
}

/** Some of a run's recorded model calls, by id (the chain viewer asks for one step's at a time). */
export async function findRunCalls(runId: number, ids: number[]): Promise<LlmCallView[]> {
  const calls = await prisma.llmCall.findMany({
    where: { runId, id: { in: ids } },
    orderBy: { id: "asc" },
    select: {
      id: true,
      callKey: true,
      model: true,
      request: true,
      reply: true,
      finishReason: true,
      promptTokens: true,
      completionTokens: true,
      latencyMs: true,
      createdAt: true,
    },
  });
  return calls.map((call) => ({ ...call, createdAt: call.createdAt.toISOString() }));
}

export interface RunFormOptions {
  datasets: { id: number; name: string }[];
  endpoints: ModelEndpointOption[];
  versions: { id: number; constitutionName: string; version: number; principles: number; fewShots: number; createdAt: string }[];
  /** the latest version of "Studio default", else the newest version of any constitution */
  defaultVersionId: number | null;
}

export const DEFAULT_CONSTITUTION = "Studio default";

/** What the run form's pickers offer; critique-revision counts decide what each version allows. */
export async function runFormOptions(): Promise<RunFormOptions> {
  const [datasets, endpoints, versions] = await Promise.all([
    prisma.dataset.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    listModelEndpointOptions(),
    prisma.constitutionVersion.findMany({
      orderBy: [{ constitution: { name: "asc" } }, { version: "desc" }],
      select: {
        id: true,
        version: true,
        createdAt: true,
        constitution: { select: { name: true } },
        _count: { select: { principles: { where: { kind: "CRITIQUE_REVISION" } }, fewShots: { where: { kind: "CRITIQUE_REVISION" } } } },
      },
    }),
  ]);
  const rows = versions.map((v) => ({
    id: v.id,
    constitutionName: v.constitution.name,
    version: v.version,
    principles: v._count.principles,
    fewShots: v._count.fewShots,
    createdAt: v.createdAt.toISOString(),
  }));
  const usable = rows.filter((v) => v.principles > 0);
  const studioDefault = usable.find((v) => v.constitutionName === DEFAULT_CONSTITUTION);
  const newest = usable.toSorted((a, b) => b.id - a.id)[0];
  return { datasets, endpoints, versions: rows, defaultVersionId: (studioDefault ?? newest)?.id ?? null };
}
