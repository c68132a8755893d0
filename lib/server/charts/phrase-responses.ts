import "server-only";
import { sql } from "kysely";
import { tokenize } from "@/lib/cai/charts";
import type { PhraseResponsesData, PhraseResponsesQuery } from "@/lib/schemas/charts";
import { db } from "../db";
import { chainResponsesSql } from "./goodhart";
import { orNull } from "./sql";

// The chain responses behind a Goodhart phrase: those whose text holds the phrase's words in order,
// separated by anything that is not a letter or digit (ngramGrowth drops punctuation: "valid,
// valued" is the phrase "valid valued"). At most LIMIT, newest revisions first.

const LIMIT = 50;

/**
 * A Postgres regular expression (for ~*) matching the words of a phrase as whole words in order.
 * tokenize keeps only letters, digits and inner apostrophes, so nothing else needs escaping; an
 * apostrophe matches the typographic one too. Undefined when the phrase holds no word.
 */
export function phrasePattern(phrase: string): string | undefined {
  const words = tokenize(phrase);
  if (words.length === 0) return undefined;
  return `\\m${words.map((w) => w.replaceAll("'", "['’]")).join("[^[:alnum:]]+")}\\M`;
}

export async function phraseResponses(query: PhraseResponsesQuery): Promise<PhraseResponsesData> {
  const pattern = phrasePattern(query.phrase);
  if (!pattern) return { query, responses: [], limit: LIMIT };
  const points = chainResponsesSql(query);
  const revision = orNull(query.revision);
  const { rows } = await sql<PhraseResponsesData["responses"][number]>`
     SELECT x.rid AS "responseId", x."chainId", x.revision, r.text
     FROM (${points}) x JOIN "Response" r ON r.id = x.rid
     WHERE r.text ~* ${pattern} AND (${revision}::int IS NULL OR x.revision = ${revision})
     LIMIT ${sql.lit(LIMIT)}`.execute(db);
  rows.sort((a, b) => b.revision - a.revision || a.chainId - b.chainId || a.responseId - b.responseId);
  return { query, responses: rows, limit: LIMIT };
}
