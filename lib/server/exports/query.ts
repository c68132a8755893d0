import "server-only";
import { sql, type RawBuilder } from "kysely";
import { escapeLiteral } from "pg";
import { takesImportedAnswers } from "@/lib/cai/exports/imported-answers";
import type { ExportDefinition, ExportLayoutName } from "@/lib/schemas/exports";
import { db } from "../db";

// The SELECTs an export streams: one per layout, every filter of the definition that SQL can
// apply in its WHERE clause (the text filters, evasive answers and phrases, run in the stream:
// lib/cai/exports/filters.ts). Each is ordered by primary keys an index already holds, so Postgres
// streams it without sorting the result, and reads it in keyset chunks (chunkSql) from where the
// last chunk ended without scanning what came before.
//
// SFT and H4 read chains: one row per chain (revision "final" or an index) or per step ("all").
// SFT with importedAnswers then reads, when no filter is about chains, the answers that came with
// imported prompts that have no chain (an imported SFT file): what makes our SFT export round-trip.
// PREFERENCE reads AI verdicts (one row per labeling run and comparison), then, when no filter
// names runs, an endpoint, principles, a constitution or a minimum confidence, the comparisons
// people answered that no labeling run has judged (imported hh-rlhf pairs, say).

/** how a column reads back from COPY's text (a cursor gets the same from node-postgres's parsers) */
export type ColumnType = "int" | "float" | "text" | "json";

/** A piece of an export's SELECT, its values carried as parameters (Kysely's sql template). */
type Fragment = RawBuilder<unknown>;

export interface SelectColumn {
  sql: Fragment;
  as: string;
  type: ColumnType;
}

export interface QueryPart {
  /** SELECT list */
  columns: SelectColumn[];
  /** FROM and joins */
  from: Fragment;
  /** FROM for counting, when joins that neither filter nor drop rows can be left out */
  countFrom?: Fragment;
  where: Fragment[];
  /** the ORDER BY: integer keys that together are unique per row */
  orderBy: string[];
}

export function selectSql(part: QueryPart): Fragment {
  return sql`SELECT ${selectList(part.columns)} FROM ${part.from}${whereSql(part.where)} ORDER BY ${orderKeys(part)}`;
}

/** The order keys' values, selected beside the columns by chunkSql, under these names. */
export const chunkKeyNames = (part: QueryPart): string[] => part.orderBy.map((_, i) => `_key${i}`);

const orderKeys = (part: QueryPart) => sql.raw(part.orderBy.join(", "));

/**
 * The next `limit` rows after the row whose order keys were `after` (from the start when null), in
 * one statement: `(k0, k1) > (a0, a1)`, with `k0 >= a0` beside it so that an index on the first key
 * starts the scan there even when the keys come from two tables.
 */
export function chunkSql(part: QueryPart, after: unknown[] | null, limit: number): Fragment {
  const where = [...part.where];
  if (after) {
    where.push(sql`${sql.raw(part.orderBy[0])} >= ${after[0]}`, sql`(${orderKeys(part)}) > (${sql.join(after)})`);
  }
  const keyColumns = part.orderBy.map((key, i) => col(key, chunkKeyNames(part)[i], "int"));
  return sql`SELECT ${selectList([...part.columns, ...keyColumns])} FROM ${part.from}${whereSql(where)} ORDER BY ${orderKeys(part)} LIMIT ${limit}`;
}

function selectList(columns: SelectColumn[]): Fragment {
  return sql.join(columns.map((c) => sql`${c.sql} AS ${sql.id(c.as)}`));
}

export function countSql(part: QueryPart): RawBuilder<{ n: number }> {
  return sql<{ n: number }>`SELECT count(*)::int AS n FROM ${part.countFrom ?? part.from}${whereSql(part.where)}`;
}

/**
 * The SELECT with its parameters written in as literals, for COPY (which takes no bind
 * parameters). Parameters are the definition's ids, numbers and principle keys; text is quoted by
 * node-postgres's escapeLiteral.
 */
export function selectSqlWithLiterals(part: QueryPart): string {
  const { sql: text, parameters } = selectSql(part).compile(db);
  return text.replace(/\$(\d+)/g, (_, n: string) => literal(parameters[Number(n) - 1]));
}

function literal(value: unknown): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === "string") return escapeLiteral(value);
  if (Array.isArray(value)) return value.length === 0 ? "'{}'" : `ARRAY[${value.map(literal).join(", ")}]`;
  throw new Error(`no SQL literal for ${typeof value}`);
}

function whereSql(where: Fragment[]): Fragment {
  return where.length > 0 ? sql` WHERE ${sql.join(where, sql` AND `)}` : sql``;
}

/** The parts an export streams, one after the other. */
export function exportQuery(layout: ExportLayoutName, definition: ExportDefinition): QueryPart[] {
  if (layout === "PREFERENCE") return pairQueries(definition);
  const chains = chainQuery(definition, layout === "H4_CAI");
  return layout === "SFT" && takesImportedAnswers(definition) ? [chains, importedAnswerQuery(definition)] : [chains];
}

/** A column of the SELECT: its expression (text without values, or a fragment), its name and how it reads back. */
const col = (expression: string | Fragment, as: string, type: ColumnType): SelectColumn => ({ sql: typeof expression === "string" ? sql.raw(expression) : expression, as, type });

/**
 * Chains: the answer at the definition's revision; for H4 also the step that made it (critique and
 * requests) and the initial answer. SFT reads only what its rows hold.
 */
export function chainQuery(d: ExportDefinition, withStep: boolean): QueryPart {
  const where: Fragment[] = [];
  let step: Fragment;
  let answer = "rr.text";
  let index = "s.index";
  let orderBy = ["ch.id"];
  if (d.revision === "final") {
    step = sql`JOIN LATERAL (SELECT * FROM "ChainStep" s0 WHERE s0."chainId" = ch.id ORDER BY s0.index DESC LIMIT 1) s ON true`;
  } else if (d.revision === "all") {
    step = sql`JOIN "ChainStep" s ON s."chainId" = ch.id`;
    orderBy = ["ch.id", "s.index"];
  } else if (d.revision === 0) {
    step = sql`LEFT JOIN "ChainStep" s ON false`;
    answer = "ir.text";
    index = "0";
  } else {
    step = sql`JOIN "ChainStep" s ON s."chainId" = ch.id AND s.index = ${d.revision}`;
  }
  if (d.datasetIds.length > 0) where.push(sql`p."datasetId" = ANY(${d.datasetIds}::int[])`);
  if (d.runIds.length > 0) where.push(sql`ch."runId" = ANY(${d.runIds}::int[])`);
  if (d.constitutionVersionId !== undefined) where.push(sql`ch."constitutionVersionId" = ${d.constitutionVersionId}`);
  if (d.endpointId !== undefined) where.push(sql`ch."runId" IN (SELECT id FROM "Run" WHERE "endpointId" = ${d.endpointId})`);
  if (d.principleKeys.length > 0) {
    // the answer's own step; the initial answer (revision 0) has none, so any step of its chain
    where.push(
      d.revision === 0
        ? sql`EXISTS (SELECT 1 FROM "ChainStep" s1 JOIN "Principle" p1 ON p1.id = s1."principleId" WHERE s1."chainId" = ch.id AND p1.key = ANY(${d.principleKeys}::text[]))`
        : sql`pr.key = ANY(${d.principleKeys}::text[])`,
    );
  }
  const stepColumns: [string, string][] = [
    ['p."contentHash"', "promptHash"],
    ["ir.text", "initialResponse"],
    ['pr."critiqueRequest"', "critiqueRequest"],
    ["s.critique", "critique"],
    ['pr."revisionRequest"', "revisionRequest"],
  ];
  // the step's principle: H4's columns read it, and so does the principle filter (but for revision 0)
  const principleJoin = sql`LEFT JOIN "Principle" pr ON pr.id = s."principleId"`;
  const filtersPrinciple = d.principleKeys.length > 0 && d.revision !== 0;
  const initial = withStep || d.revision === 0 ? sql`JOIN "Response" ir ON ir.id = ch."initialResponseId"` : sql``;
  return {
    columns: [
      col("p.id", "promptId", "int"),
      col("ch.id", "chainId", "int"),
      col(index, "revisionIndex", "int"),
      col("p.turns::text", "turnsJson", "text"),
      col(answer, "answer", "text"),
      col('ch."constitutionVersionId"', "constitutionVersionId", "int"),
      ...stepColumns.map(([expression, as]) => col(withStep ? expression : "NULL::text", as, "text")),
    ],
    from: sql`"Chain" ch
      JOIN "Prompt" p ON p.id = ch."promptId"
      ${initial}
      ${step}
      ${withStep || filtersPrinciple ? principleJoin : sql``}
      ${d.revision === 0 ? sql`` : sql`LEFT JOIN "Response" rr ON rr.id = s."revisionId"`}`,
    // responses exist for every chain and step (foreign keys): a count needs neither
    countFrom: sql`"Chain" ch JOIN "Prompt" p ON p.id = ch."promptId" ${step} ${filtersPrinciple ? principleJoin : sql``}`,
    where,
    orderBy,
  };
}

/**
 * SFT's imported answers: an imported SFT row is a prompt and one IMPORTED response whose source key
 * ends ":response" (hh-rlhf pairs' are ":chosen" / ":rejected"), with no chain. The columns are
 * chainQuery's (names, types, order): no chain, no step, revision 0. Prompts that have a chain give
 * only their chain's answer.
 */
export function importedAnswerQuery(d: ExportDefinition): QueryPart {
  const where = [sql`r.origin = 'IMPORTED'`, sql`r."sourceKey" LIKE '%:response'`, sql`NOT EXISTS (SELECT 1 FROM "Chain" ch WHERE ch."promptId" = p.id)`];
  if (d.datasetIds.length > 0) where.push(sql`p."datasetId" = ANY(${d.datasetIds}::int[])`);
  return {
    columns: [
      col("p.id", "promptId", "int"),
      col("NULL::int", "chainId", "int"),
      col("0", "revisionIndex", "int"),
      col("p.turns::text", "turnsJson", "text"),
      col("r.text", "answer", "text"),
      col("NULL::int", "constitutionVersionId", "int"),
      ...["promptHash", "initialResponse", "critiqueRequest", "critique", "revisionRequest"].map((as) => col("NULL::text", as, "text")),
    ],
    from: sql`"Response" r JOIN "Prompt" p ON p.id = r."promptId"`,
    where,
    orderBy: ["r.id"],
  };
}

// people's current answers to a comparison (a changed answer supersedes the old row), and an
// adjudicator's current resolution of it, if any
const HUMAN_ANSWERS = sql`LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE hl.choice = 'A')::int AS a, count(*) FILTER (WHERE hl.choice = 'B')::int AS b,
      count(*) FILTER (WHERE hl.choice = 'TIE')::int AS tie, count(*) FILTER (WHERE hl.choice = 'FLAG')::int AS flags,
      (SELECT ad.choice::text FROM "Adjudication" ad WHERE ad."comparisonId" = c.id AND ad."supersededAt" IS NULL ORDER BY ad.id DESC LIMIT 1) AS adjudicated
    FROM "HumanLabel" hl WHERE hl."comparisonId" = c.id AND hl."supersededAt" IS NULL) h ON true`;

const PAIR_COLUMNS: SelectColumn[] = [
  col("c.id", "comparisonId", "int"),
  col("p.id", "promptId", "int"),
  col("p.turns::text", "turnsJson", "text"),
  col("ra.text", "responseA", "text"),
  col("rb.text", "responseB", "text"),
  col("h.a", "humanA", "int"),
  col("h.b", "humanB", "int"),
  col("h.tie", "humanTie", "int"),
  col("h.adjudicated", "adjudicated", "text"),
];

const PAIR_JOINS = sql`JOIN "Prompt" p ON p.id = c."promptId"
  JOIN "Response" ra ON ra.id = c."responseAId"
  JOIN "Response" rb ON rb.id = c."responseBId"`;

export function pairQueries(d: ExportDefinition): QueryPart[] {
  const where: Fragment[] = [];
  if (d.datasetIds.length > 0) where.push(sql`p."datasetId" = ANY(${d.datasetIds}::int[])`);
  if (d.runIds.length > 0) where.push(sql`v."runId" = ANY(${d.runIds}::int[])`);
  if (d.constitutionVersionId !== undefined) where.push(sql`ru."constitutionVersionId" = ${d.constitutionVersionId}`);
  if (d.endpointId !== undefined) where.push(sql`v."endpointId" = ${d.endpointId}`);
  if (d.principleKeys.length > 0) {
    where.push(sql`EXISTS (SELECT 1 FROM "AiLabel" l1 JOIN "Principle" p1 ON p1.id = l1."principleId"
      WHERE l1."comparisonId" = c.id AND l1."runId" = v."runId" AND p1.key = ANY(${d.principleKeys}::text[]))`);
  }
  // a float's distance from 0.5 is not exact (0.7 - 0.5 < 0.2): compare with a little slack
  if (d.minConfidence > 0) where.push(sql`abs(v."pAUsed" - 0.5) >= ${d.minConfidence}::float8 - 1e-9`);
  if (d.humanReviewedOnly) where.push(sql`h.a + h.b + h.tie > 0`);
  if (d.excludeFlips) where.push(sql`v.flips = 0`);
  if (d.excludeFlagged) where.push(sql`h.flags = 0`);
  const verdicts: QueryPart = {
    columns: [
      ...PAIR_COLUMNS,
      col('v."pAUsed"', "pAUsed", "float"),
      col(
        `to_json(ARRAY(SELECT DISTINCT pk.key FROM "AiLabel" l JOIN "Principle" pk ON pk.id = l."principleId"
          WHERE l."comparisonId" = c.id AND l."runId" = v."runId" ORDER BY pk.key))`,
        "principleKeys",
        "json",
      ),
      col("e.name", "judgeEndpoint", "text"),
      col(`coalesce(e.model, ru.config #>> '{endpoint,model}')`, "judgeModel", "text"),
      col('ru."constitutionVersionId"', "constitutionVersionId", "int"),
    ],
    from: sql`"AiVerdict" v
      JOIN "Comparison" c ON c.id = v."comparisonId"
      ${PAIR_JOINS}
      JOIN "Run" ru ON ru.id = v."runId"
      LEFT JOIN "ModelEndpoint" e ON e.id = v."endpointId"
      ${HUMAN_ANSWERS}`,
    // every verdict has its comparison, prompt, responses and run (foreign keys): only the people's
    // answers matter to a count, and only when a filter reads them
    countFrom: sql`"AiVerdict" v JOIN "Comparison" c ON c.id = v."comparisonId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Run" ru ON ru.id = v."runId"
      ${d.humanReviewedOnly || d.excludeFlagged ? HUMAN_ANSWERS : sql``}`,
    where,
    orderBy: ["v.id"],
  };
  const aiOnly = d.runIds.length > 0 || d.endpointId !== undefined || d.principleKeys.length > 0 || d.constitutionVersionId !== undefined || d.minConfidence > 0 || d.excludeFlips;
  if (aiOnly) return [verdicts];

  const humanWhere = [sql`NOT EXISTS (SELECT 1 FROM "AiVerdict" v WHERE v."comparisonId" = c.id)`, sql`h.a + h.b + h.tie > 0`];
  if (d.datasetIds.length > 0) humanWhere.push(sql`p."datasetId" = ANY(${d.datasetIds}::int[])`);
  if (d.excludeFlagged) humanWhere.push(sql`h.flags = 0`);
  const answeredOnly: QueryPart = {
    columns: [
      ...PAIR_COLUMNS,
      col("NULL::float8", "pAUsed", "float"),
      col("'[]'::json", "principleKeys", "json"),
      col("NULL::text", "judgeEndpoint", "text"),
      col("NULL::text", "judgeModel", "text"),
      col("NULL::int", "constitutionVersionId", "int"),
    ],
    from: sql`"Comparison" c ${PAIR_JOINS} ${HUMAN_ANSWERS}`,
    where: humanWhere,
    orderBy: ["c.id"],
  };
  return [verdicts, answeredOnly];
}
