import "server-only";
import { sql, type SelectQueryBuilder } from "kysely";
import type { DB } from "@/lib/generated/db/types";
import { db, prisma } from "@/lib/server/db";

// The datasets page: what each dataset holds and what was imported lately. Counts that the prompt
// rows already carry (chains, comparisons) come from one pass over Prompt; counts that need a join
// through millions of rows at paper scale (steps, responses, human labels: ~0.5 s together at 182k
// prompts) are a separate call, so the page can show the rest first and stream these in.

export interface DatasetSummary {
  id: number;
  name: string;
  description: string;
  createdAt: Date;
  counts: { prompts: number; chains: number; comparisons: number };
}

export interface DatasetDeepCounts {
  steps: number;
  responses: number;
  humanLabels: number;
}

export async function listDatasets(): Promise<DatasetSummary[]> {
  const [datasets, counts] = await Promise.all([
    prisma.dataset.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, description: true, createdAt: true } }),
    // bigint sums: node-postgres reads them as text
    db
      .selectFrom("Prompt")
      .select(["datasetId as id", sql<string>`count(*)`.as("prompts"), sql<string>`sum("chainCount")`.as("chains"), sql<string>`sum("comparisonCount")`.as("comparisons")])
      .groupBy("datasetId")
      .execute(),
  ]);
  const byId = new Map(counts.map((row) => [row.id, row]));
  return datasets.map((dataset) => {
    const row = byId.get(dataset.id);
    return {
      ...dataset,
      counts: { prompts: Number(row?.prompts ?? 0), chains: Number(row?.chains ?? 0), comparisons: Number(row?.comparisons ?? 0) },
    };
  });
}

/** Steps, responses and (current) human labels per dataset id; each is one grouped query. */
export async function datasetDeepCounts(): Promise<Map<number, DatasetDeepCounts>> {
  const [steps, responses, humanLabels] = await Promise.all([
    countByDataset(db.selectFrom("ChainStep as s").innerJoin("Chain as c", "c.id", "s.chainId").innerJoin("Prompt as p", "p.id", "c.promptId")),
    countByDataset(db.selectFrom("Response as r").innerJoin("Prompt as p", "p.id", "r.promptId")),
    countByDataset(
      db.selectFrom("HumanLabel as l").innerJoin("Comparison as c", "c.id", "l.comparisonId").innerJoin("Prompt as p", "p.id", "c.promptId").where("l.supersededAt", "is", null),
    ),
  ]);
  const ids = new Set([...steps.keys(), ...responses.keys(), ...humanLabels.keys()]);
  return new Map([...ids].map((id) => [id, { steps: steps.get(id) ?? 0, responses: responses.get(id) ?? 0, humanLabels: humanLabels.get(id) ?? 0 }]));
}

/** The rows of `from` (joined to their prompt, `p`) counted per dataset. */
async function countByDataset(from: SelectQueryBuilder<DB & { p: DB["Prompt"] }, "p", object>): Promise<Map<number, number>> {
  const rows = await from
    .select(["p.datasetId as id", sql<string>`count(*)`.as("n")])
    .groupBy("p.datasetId")
    .execute();
  return new Map(rows.map((row) => [row.id, Number(row.n)]));
}

/** Names and ids, for pickers (the import form's suggestions, the prompts table's filter). */
export async function datasetOptions(): Promise<{ id: number; name: string }[]> {
  return prisma.dataset.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

export async function recentImports(take = 20) {
  const rows = await prisma.import.findMany({
    orderBy: { id: "desc" },
    take,
    select: {
      id: true,
      fileName: true,
      fileBytes: true,
      format: true,
      status: true,
      stats: true,
      error: true,
      skipBadLines: true,
      createdAt: true,
      finishedAt: true,
      dataset: { select: { id: true, name: true } },
      constitutionVersions: { select: { id: true, version: true, constitution: { select: { name: true } } } },
    },
  });
  return rows.map((row) => ({ ...row, fileBytes: Number(row.fileBytes), stats: importStats(row.stats) }));
}

export type ImportHistoryRow = Awaited<ReturnType<typeof recentImports>>[number];

/** One import, for its page. */
export async function findImport(id: number) {
  const row = await prisma.import.findUnique({
    where: { id },
    select: {
      id: true,
      fileName: true,
      fileBytes: true,
      fileSha256: true,
      format: true,
      status: true,
      stats: true,
      problems: true,
      error: true,
      skipBadLines: true,
      createdAt: true,
      finishedAt: true,
      dataset: { select: { id: true, name: true } },
      constitutionVersions: { select: { id: true, version: true, constitution: { select: { name: true } } } },
    },
  });
  if (!row) return null;
  return { ...row, fileBytes: Number(row.fileBytes), stats: importStats(row.stats), problems: importProblems(row.problems) };
}

export type ImportDetail = NonNullable<Awaited<ReturnType<typeof findImport>>>;

/** stats is a JSON object of counts and a few labels (see lib/server/imports/import-file.ts). */
function importStats(value: unknown): Record<string, number | string | boolean> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, number | string | boolean] => ["number", "string", "boolean"].includes(typeof entry[1])));
}

function importProblems(value: unknown): { line: number; field?: string; message: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const { line, field, message } = (item ?? {}) as Record<string, unknown>;
    if (typeof message !== "string") return [];
    return [{ line: typeof line === "number" ? line : 0, field: typeof field === "string" ? field : undefined, message }];
  });
}
