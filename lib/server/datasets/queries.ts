import "server-only";
import { prisma } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";

// The datasets page: what each dataset holds and what was imported lately. Each count is one
// grouped query over its table, run side by side, rather than one query per dataset.

export interface DatasetSummary {
  id: number;
  name: string;
  description: string;
  createdAt: Date;
  counts: { prompts: number; responses: number; chains: number; steps: number; comparisons: number; humanLabels: number };
}

export async function listDatasets(): Promise<DatasetSummary[]> {
  const [datasets, prompts, responses, chains, steps, comparisons, humanLabels] = await Promise.all([
    prisma.dataset.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, description: true, createdAt: true } }),
    countByDataset(Prisma.sql`SELECT "datasetId" AS id, count(*) AS n FROM "Prompt" GROUP BY 1`),
    countByDataset(Prisma.sql`SELECT p."datasetId" AS id, count(*) AS n FROM "Response" r JOIN "Prompt" p ON p.id = r."promptId" GROUP BY 1`),
    countByDataset(Prisma.sql`SELECT p."datasetId" AS id, count(*) AS n FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId" GROUP BY 1`),
    countByDataset(Prisma.sql`SELECT p."datasetId" AS id, count(*) AS n FROM "ChainStep" s JOIN "Chain" c ON c.id = s."chainId" JOIN "Prompt" p ON p.id = c."promptId" GROUP BY 1`),
    countByDataset(Prisma.sql`SELECT p."datasetId" AS id, count(*) AS n FROM "Comparison" c JOIN "Prompt" p ON p.id = c."promptId" GROUP BY 1`),
    countByDataset(Prisma.sql`SELECT p."datasetId" AS id, count(*) AS n FROM "HumanLabel" l JOIN "Comparison" c ON c.id = l."comparisonId" JOIN "Prompt" p ON p.id = c."promptId" WHERE l."supersededAt" IS NULL GROUP BY 1`),
  ]);
  return datasets.map((dataset) => ({
    ...dataset,
    counts: {
      prompts: prompts.get(dataset.id) ?? 0,
      responses: responses.get(dataset.id) ?? 0,
      chains: chains.get(dataset.id) ?? 0,
      steps: steps.get(dataset.id) ?? 0,
      comparisons: comparisons.get(dataset.id) ?? 0,
      humanLabels: humanLabels.get(dataset.id) ?? 0,
    },
  }));
}

async function countByDataset(query: Prisma.Sql): Promise<Map<number, number>> {
  const rows = await prisma.$queryRaw<{ id: number; n: bigint }[]>(query);
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
      id: true, fileName: true, fileBytes: true, format: true, status: true, stats: true, error: true, skipBadLines: true,
      createdAt: true, finishedAt: true,
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
      id: true, fileName: true, fileBytes: true, fileSha256: true, format: true, status: true, stats: true, problems: true,
      error: true, skipBadLines: true, createdAt: true, finishedAt: true,
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
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, number | string | boolean] => ["number", "string", "boolean"].includes(typeof entry[1])),
  );
}

function importProblems(value: unknown): { line: number; field?: string; message: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const { line, field, message } = (item ?? {}) as Record<string, unknown>;
    if (typeof message !== "string") return [];
    return [{ line: typeof line === "number" ? line : 0, field: typeof field === "string" ? field : undefined, message }];
  });
}
