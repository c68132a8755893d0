import "server-only";
import { sql, type RawBuilder } from "kysely";
import { db, utc } from "@/lib/server/db";
import { userTurnPreview } from "./preview-sql";
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
 * ten more lookups (its initial answer, revisions, samples and critiques), so the window is a twentieth.
 */
const ANSWER_SEARCH_WINDOW = 1_000;

/** `searchWindow` is there for tests, which need the two-step search at a small size. */
export async function listPrompts(query: PromptListQuery, { searchWindow = query.in === "all" ? ANSWER_SEARCH_WINDOW : SEARCH_WINDOW } = {}): Promise<PromptPage> {
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
  // the window as ids strictly between two bounds: after the cursor, up to the edge
  const [low, high] = backwards ? [start, edge + 1] : [edge, start];
  // The function form of @@ cannot use the GIN index, so the window is walked in id order even
  // when the planner thinks the words are rare (its guess for two words is 0.04%, whatever they are).
  const walked = walkedMatch(tsquery, query.in === "all", low, high);
  const inWindow = await pageIds([...filters, walked, sql`id > ${low} AND id < ${high}`], take, backwards);
  // the window already reached the end of the table in the direction of travel
  if (inWindow.length === take || edge <= 0 || (backwards && edge >= (await maxId()))) return inWindow;
  const matches = indexedMatches(tsquery, query.in === "all", filters, (column) => keysetOn(column, backwards, backwards ? edge : edge + 1));
  const beyond = await pageIdsThroughIndex(matches, take - inWindow.length, backwards);
  return [...inWindow, ...beyond];
}

/**
 * A prompt of the window (ids strictly between low and high) matches when its text does, or
 * (withAnswers) one of its responses (initial answers, revisions, samples, imported answers) or one
 * of its chains' critiques does. Walked form: every row of the window checked, never through the
 * GIN indexes; the answers of the window are found by their prompt id range in one go (a
 * per-prompt EXISTS let the planner hash every answer of the table instead: a second at 900k;
 * going through Chain for the critiques let it scan every chain).
 */
function walkedMatch(tsquery: string, withAnswers: boolean, low: number, high: number): Fragment {
  const q = sql`to_tsquery('english', ${tsquery})`;
  const own = sql`ts_match_vq("Prompt"."searchVector", ${q})`;
  if (!withAnswers) return own;
  // a critique is reached through its step's revision, a response of the same prompt: one pass
  return sql`(${own} OR id IN (
    SELECT r."promptId" FROM "Response" r LEFT JOIN "ChainStep" s ON s."revisionId" = r.id
     WHERE r."promptId" > ${low} AND r."promptId" < ${high} AND (ts_match_vq(r."searchVector", ${q}) OR ts_match_vq(s."critiqueVector", ${q}))))`;
}

/**
 * The ids of the prompts that match, through the GIN indexes (SELECT id ...): the prompt's own
 * text, and (withAnswers) its responses' and critiques' texts, each of those joined to the prompts
 * the filters keep, so a small dataset's search looks at its own answers rather than every match
 * in the table. `bound` limits a prompt id column (the keyset).
 */
function indexedMatches(tsquery: string, withAnswers: boolean, filters: Fragment[], bound: (column: Fragment) => Fragment[]): Fragment {
  const q = sql`to_tsquery('english', ${tsquery})`;
  const own = sql`SELECT id FROM "Prompt" WHERE ${whereClause([...filters, ...bound(sql`id`), sql`"searchVector" @@ ${q}`])}`;
  if (!withAnswers) return own;
  // the filters' columns ("datasetId", tags, ...) are the prompt's alone, so they read the same here
  return sql`${own}
    UNION SELECT r."promptId" FROM "Response" r JOIN "Prompt" ON "Prompt".id = r."promptId"
     WHERE ${whereClause([...filters, ...bound(sql`r."promptId"`), sql`r."searchVector" @@ ${q}`])}
    UNION SELECT c."promptId" FROM "ChainStep" s JOIN "Chain" c ON c.id = s."chainId" JOIN "Prompt" ON "Prompt".id = c."promptId"
     WHERE ${whereClause([...filters, ...bound(sql`c."promptId"`), sql`s."critiqueVector" @@ ${q}`])}`;
}

/**
 * How many prompts the query matches (cursors ignored). Exact, through the indexes; a count that
 * takes longer than `timeoutMs` (a common word over every answer) is given up: null.
 */
export async function countPrompts(query: PromptListQuery, { timeoutMs = 1_000 } = {}): Promise<PromptCount> {
  const filters = conditions(query);
  const tsquery = query.q ? prefixTsquery(query.q) : undefined;
  if (query.q && !tsquery) return { count: 0 };
  const matches = tsquery ? indexedMatches(tsquery, query.in === "all", filters, () => []) : sql`SELECT id FROM "Prompt" WHERE ${whereClause(filters)}`;
  try {
    return await db.transaction().execute(async (tx) => {
      await sql.raw(`SET LOCAL statement_timeout = ${Math.round(timeoutMs)}`).execute(tx);
      const {
        rows: [row],
      } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM (${matches}) m`.execute(tx);
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

function conditions(query: PromptListQuery): Fragment[] {
  const where: Fragment[] = [];
  if (query.dataset !== undefined) where.push(sql`"datasetId" = ${query.dataset}`);
  if (query.tag) where.push(sql`tags @> ARRAY[${query.tag}]::text[]`);
  if (query.hasChains) where.push(sql`"chainCount" > 0`);
  if (query.hasLabels) where.push(sql`"labelCount" > 0`);
  return where;
}

function keysetOn(column: Fragment, backwards: boolean, cursor: number): Fragment[] {
  return [backwards ? sql`${column} > ${cursor}` : sql`${column} < ${cursor}`];
}

function keyset(backwards: boolean, cursor: number | undefined): Fragment[] {
  if (cursor === undefined) return [];
  return [backwards ? sql`id > ${cursor}` : sql`id < ${cursor}`];
}

/** A piece of a statement, composed into the statements below (Kysely's sql templates). */
type Fragment = RawBuilder<unknown>;

const whereClause = (where: Fragment[]) => (where.length > 0 ? sql.join(where, sql` AND `) : sql`TRUE`);
const direction = (backwards: boolean) => (backwards ? sql`ASC` : sql`DESC`);

async function pageIds(where: Fragment[], take: number, backwards: boolean): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    SELECT id FROM "Prompt" WHERE ${whereClause(where)} ORDER BY id ${direction(backwards)} LIMIT ${take}`.execute(db);
  return rows.map((row) => row.id);
}

/** A page of the matches (SELECT id ...), collected first (GIN bitmap scans), for searches with few matches. */
async function pageIdsThroughIndex(matches: Fragment, take: number, backwards: boolean): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    WITH matches AS MATERIALIZED (${matches})
    SELECT id FROM matches ORDER BY id ${direction(backwards)} LIMIT ${take}`.execute(db);
  return rows.map((row) => row.id);
}

/** One past the largest id: where a search with no cursor starts. */
async function maxId(): Promise<number> {
  const row = await db
    .selectFrom("Prompt")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirstOrThrow();
  return (row.id ?? 0) + 1;
}

/** The table's columns for the chosen ids, newest first; the preview walks the turns' JSON. */
async function selectRows(ids: number[]): Promise<PromptRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<RawRow>`
    SELECT p.id, p."datasetId", d.name AS "datasetName", p.tags, jsonb_array_length(p.turns)::int AS turns,
           p."chainCount", p."comparisonCount", p."labelCount", ${utc("p.createdAt")} AS "createdAt",
           ${userTurnPreview(PREVIEW_CHARS)} AS preview
      FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId"
     WHERE p.id = ANY(${ids}::int[])
     ORDER BY p.id DESC`.execute(db);
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
