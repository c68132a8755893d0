import "server-only";
import { prisma } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { PROMPT_PAGE_SIZE, type PromptListQuery, type PromptPage, type PromptRow } from "@/lib/schemas/prompts";
import { prefixTsquery } from "./search-query";

// The prompts table: filters, full-text search and keyset pagination by id, newest first. Pages
// are found with `id < cursor` (or `id > cursor` going back), never OFFSET, so page 3,000 costs what
// page 1 costs. Each filter matches an index: (datasetId, id), the partial has-chains / has-labels
// indexes, the GIN indexes on tags and searchVector.

const PREVIEW_CHARS = 240;

export async function listPrompts(query: PromptListQuery): Promise<PromptPage> {
  const limit = query.limit ?? PROMPT_PAGE_SIZE;
  const backwards = query.after !== undefined && query.before === undefined;
  const rows = await selectPage(query, limit + 1, backwards);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backwards) page.reverse();
  const first = page[0]?.id;
  const last = page.at(-1)?.id;
  return backwards
    ? { rows: page, prevAfter: more ? first : undefined, nextBefore: last }
    : { rows: page, nextBefore: more ? last : undefined, prevAfter: query.before !== undefined ? first : undefined };
}

async function selectPage(query: PromptListQuery, take: number, backwards: boolean): Promise<PromptRow[]> {
  const where = conditions(query, backwards);
  // The page's ids are chosen first from the narrow columns; the preview (a walk over the turns'
  // JSON) and the dataset name are then computed for those rows only.
  const rows = await prisma.$queryRaw<RawRow[]>`
    SELECT p.id, p."datasetId", d.name AS "datasetName", p.tags, jsonb_array_length(p.turns)::int AS turns,
           p."chainCount", p."comparisonCount", p."labelCount", p."createdAt",
           (SELECT left(t.turn->>'content', ${PREVIEW_CHARS}::int)
              FROM jsonb_array_elements(p.turns) WITH ORDINALITY AS t(turn, n)
             WHERE t.turn->>'role' = 'user' ORDER BY t.n DESC LIMIT 1) AS preview
      FROM (SELECT id FROM "Prompt"
             WHERE ${where.length > 0 ? Prisma.join(where, " AND ") : Prisma.sql`TRUE`}
             ORDER BY id ${backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`}
             LIMIT ${take}) page
      JOIN "Prompt" p ON p.id = page.id
      JOIN "Dataset" d ON d.id = p."datasetId"
     ORDER BY p.id ${backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`}`;
  return rows.map(toRow);
}

function conditions(query: PromptListQuery, backwards: boolean): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (query.dataset !== undefined) where.push(Prisma.sql`"datasetId" = ${query.dataset}`);
  if (query.tag) where.push(Prisma.sql`tags @> ARRAY[${query.tag}]::text[]`);
  if (query.hasChains) where.push(Prisma.sql`"chainCount" > 0`);
  if (query.hasLabels) where.push(Prisma.sql`"labelCount" > 0`);
  const tsquery = query.q ? prefixTsquery(query.q) : undefined;
  if (tsquery) where.push(Prisma.sql`"searchVector" @@ to_tsquery('english', ${tsquery})`);
  if (query.q && !tsquery) where.push(Prisma.sql`FALSE`); // only punctuation: nothing can match
  if (backwards) where.push(Prisma.sql`id > ${query.after}`);
  else if (query.before !== undefined) where.push(Prisma.sql`id < ${query.before}`);
  return where;
}

interface RawRow {
  id: number;
  datasetId: number;
  datasetName: string;
  tags: string[];
  turns: number;
  chainCount: number;
  comparisonCount: number;
  labelCount: number;
  createdAt: Date;
  preview: string | null;
}

function toRow(row: RawRow): PromptRow {
  return {
    id: row.id,
    preview: row.preview ?? "",
    datasetId: row.datasetId,
    datasetName: row.datasetName,
    tags: row.tags,
    turns: row.turns,
    chains: row.chainCount,
    comparisons: row.comparisonCount,
    labels: row.labelCount,
    createdAt: row.createdAt.toISOString(),
  };
}
