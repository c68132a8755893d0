import "server-only";
import { prisma } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { PROMPT_PAGE_SIZE, type PromptCount, type PromptListQuery, type PromptPage, type PromptRow } from "@/lib/schemas/prompts";
import { prefixTsquery } from "./search-query";

// The prompts table: filters, full-text search and keyset pagination by id, newest first. Pages
// are found with `id < cursor` (or `id > cursor` going back), never OFFSET, so page 3,000 costs what
// page 1 costs. Each filter matches an index: (datasetId, id), the partial has-chains / has-labels
// indexes, the GIN indexes on tags and searchVector (and, for a search that looks in answers too,
// those on Response.searchVector and ChainStep.critiqueVector).

const PREVIEW_CHARS = 240;

/**
 * How many ids a search first walks in id order before it asks the GIN index instead. Postgres
 * estimates every prefix query ("word:*") at 2% of the table whatever the word, so left alone it
 * always walks the primary key: instant for a common word, a full scan (80 ms at 182k prompts) for
 * a rare one. Walking a bounded window first and then taking the rest from the GIN index caps both:
 * a word in more than ~0.25% of prompts fills the page inside the window; a rarer one has so few
 * matches that collecting them all through the index is cheap.
 */
const SEARCH_WINDOW = 20_000;
/**
 * The same for a search that also looks in answers and critiques: each prompt walked costs about
 * ten more lookups (its initial answer, revisions, samples and critiques), so the window is a tenth.
 */
const ANSWER_SEARCH_WINDOW = 2_000;

/** `searchWindow` is there for tests, which need the two-step search at a small size. */
export async function listPrompts(query: PromptListQuery, { searchWindow = query.in === "prompts" ? SEARCH_WINDOW : ANSWER_SEARCH_WINDOW } = {}): Promise<PromptPage> {
  const limit = query.limit ?? PROMPT_PAGE_SIZE;
  const backwards = query.after !== undefined && query.before === undefined;
  const ids = await selectPageIds(query, limit + 1, backwards, searchWindow);
  const more = ids.length > limit;
  const rows = await selectRows(ids.slice(0, limit));
  const first = rows[0]?.id;
  const last = rows.at(-1)?.id;
  return backwards
    ? { rows, prevAfter: more ? first : undefined, nextBefore: last }
    : { rows, nextBefore: more ? last : undefined, prevAfter: query.before !== undefined ? first : undefined };
}

/** The ids of one page (plus one, to tell whether there is more), in the direction of travel. */
async function selectPageIds(query: PromptListQuery, take: number, backwards: boolean, window: number): Promise<number[]> {
  const filters = conditions(query);
  const tsquery = query.q ? prefixTsquery(query.q) : undefined;
  if (query.q && !tsquery) return []; // only punctuation: nothing can match
  const cursor = backwards ? query.after : query.before;
  if (!tsquery) return pageIds([...filters, ...keyset(backwards, cursor)], take, backwards);

  const start = cursor ?? (backwards ? 0 : await maxId());
  const edge = backwards ? start + window : start - window;
  // The function form of @@ cannot use the GIN index, so the window is walked in id order even
  // when the planner thinks the words are rare (its guess for two words is 0.04%, whatever they are).
  const walked = walkedMatch(tsquery, query.in !== "prompts");
  const inWindow = await pageIds(
    [...filters, walked, ...keyset(backwards, cursor), backwards ? Prisma.sql`id <= ${edge}` : Prisma.sql`id > ${edge}`],
    take,
    backwards,
  );
  // the window already reached the end of the table in the direction of travel
  if (inWindow.length === take || edge <= 0 || (backwards && edge >= (await maxId()))) return inWindow;
  const indexed = indexedMatch(tsquery, query.in !== "prompts");
  const beyond = await pageIdsThroughIndex([...filters, indexed, ...keyset(backwards, backwards ? edge : edge + 1)], take - inWindow.length, backwards);
  return [...inWindow, ...beyond];
}

/**
 * A prompt matches when its text does, or (withAnswers) one of its responses (initial answers,
 * revisions, samples, imported answers) or one of its chains' critiques does. Walked form: checked
 * row by row in id order, never through the GIN indexes.
 */
function walkedMatch(tsquery: string, withAnswers: boolean): Prisma.Sql {
  const q = Prisma.sql`to_tsquery('english', ${tsquery})`;
  const own = Prisma.sql`ts_match_vq("Prompt"."searchVector", ${q})`;
  if (!withAnswers) return own;
  return Prisma.sql`(${own}
    OR EXISTS (SELECT 1 FROM "Response" r WHERE r."promptId" = "Prompt".id AND ts_match_vq(r."searchVector", ${q}))
    OR EXISTS (SELECT 1 FROM "Chain" c JOIN "ChainStep" s ON s."chainId" = c.id WHERE c."promptId" = "Prompt".id AND ts_match_vq(s."critiqueVector", ${q})))`;
}

/** The same through the GIN indexes: every matching prompt id collected first. */
function indexedMatch(tsquery: string, withAnswers: boolean): Prisma.Sql {
  const q = Prisma.sql`to_tsquery('english', ${tsquery})`;
  const own = Prisma.sql`"searchVector" @@ ${q}`;
  if (!withAnswers) return own;
  return Prisma.sql`id IN (
    SELECT id FROM "Prompt" WHERE ${own}
    UNION SELECT "promptId" FROM "Response" WHERE "searchVector" @@ ${q}
    UNION SELECT c."promptId" FROM "ChainStep" s JOIN "Chain" c ON c.id = s."chainId" WHERE s."critiqueVector" @@ ${q})`;
}

/**
 * How many prompts the query matches (cursors ignored). Exact, through the indexes; a count that
 * takes longer than `timeoutMs` (a common word over every answer) is given up: null.
 */
export async function countPrompts(query: PromptListQuery, { timeoutMs = 3_000 } = {}): Promise<PromptCount> {
  const where = conditions(query);
  if (query.q) {
    const tsquery = prefixTsquery(query.q);
    if (!tsquery) return { count: 0 };
    where.push(indexedMatch(tsquery, query.in !== "prompts"));
  }
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${Math.round(timeoutMs)}`);
      const [row] = await tx.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM "Prompt" WHERE ${whereClause(where)}`;
      return { count: row.count };
    });
  } catch (error) {
    if (isStatementTimeout(error)) return { count: null };
    throw error;
  }
}

function isStatementTimeout(error: unknown): boolean {
  // 57014: query_canceled, what statement_timeout raises
  return error instanceof Error && /57014|statement timeout/i.test(`${error.message} ${(error as { code?: string }).code ?? ""} ${JSON.stringify((error as { meta?: unknown }).meta ?? "")}`);
}

function conditions(query: PromptListQuery): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (query.dataset !== undefined) where.push(Prisma.sql`"datasetId" = ${query.dataset}`);
  if (query.tag) where.push(Prisma.sql`tags @> ARRAY[${query.tag}]::text[]`);
  if (query.hasChains) where.push(Prisma.sql`"chainCount" > 0`);
  if (query.hasLabels) where.push(Prisma.sql`"labelCount" > 0`);
  return where;
}

function keyset(backwards: boolean, cursor: number | undefined): Prisma.Sql[] {
  if (cursor === undefined) return [];
  return [backwards ? Prisma.sql`id > ${cursor}` : Prisma.sql`id < ${cursor}`];
}

const whereClause = (where: Prisma.Sql[]) => (where.length > 0 ? Prisma.join(where, " AND ") : Prisma.sql`TRUE`);
const direction = (backwards: boolean) => (backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`);

async function pageIds(where: Prisma.Sql[], take: number, backwards: boolean): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM "Prompt" WHERE ${whereClause(where)} ORDER BY id ${direction(backwards)} LIMIT ${take}`;
  return rows.map((row) => row.id);
}

/** The same, but collecting every match first (a GIN bitmap scan), for searches with few matches. */
async function pageIdsThroughIndex(where: Prisma.Sql[], take: number, backwards: boolean): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    WITH matches AS MATERIALIZED (SELECT id FROM "Prompt" WHERE ${whereClause(where)})
    SELECT id FROM matches ORDER BY id ${direction(backwards)} LIMIT ${take}`;
  return rows.map((row) => row.id);
}

/** One past the largest id: where a search with no cursor starts. */
async function maxId(): Promise<number> {
  const [row] = await prisma.$queryRaw<{ id: number | null }[]>`SELECT max(id) AS id FROM "Prompt"`;
  return (row.id ?? 0) + 1;
}

/** The table's columns for the chosen ids, newest first; the preview walks the turns' JSON. */
async function selectRows(ids: number[]): Promise<PromptRow[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.$queryRaw<RawRow[]>`
    SELECT p.id, p."datasetId", d.name AS "datasetName", p.tags, jsonb_array_length(p.turns)::int AS turns,
           p."chainCount", p."comparisonCount", p."labelCount", p."createdAt",
           (SELECT left(t.turn->>'content', ${PREVIEW_CHARS}::int)
              FROM jsonb_array_elements(p.turns) WITH ORDINALITY AS t(turn, n)
             WHERE t.turn->>'role' = 'user' ORDER BY t.n DESC LIMIT 1) AS preview
      FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId"
     WHERE p.id = ANY(${ids}::int[])
     ORDER BY p.id DESC`;
  return rows.map(toRow);
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
