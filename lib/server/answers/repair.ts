import "server-only";
import { sql } from "kysely";
import { cleanAnswer } from "@/lib/cai/answer-text";
import { recordAudit, type Actor } from "../audit/record";
import { db, dbOn } from "../db";
import { inTransaction } from "../pg";

// Answers stored before the studio cleaned answers on the way in (lib/cai/answer-text.ts) keep the
// space in front and the "\n\nHuman:" the paper's sampler left at the end. This applies the same
// rule to them: `npm run cai -- repair-answers`. Nothing else derives from an answer's text (the
// import key of a response is the hash of the file's record, not of its text; chart summaries
// follow ids), so updating the text in place is safe. Each range of ids is one short statement
// and one transaction with its audit entry, which holds the texts as they were: the repair can be
// read back and undone, and a studio on the embedded database keeps answering while it runs.
//
// A comparison whose two answers become the same text is reported, not deleted: it may carry
// people's labels, and deleting those is a decision for a person.

const ID_RANGE = 5_000;
const LISTED_COMPARISONS = 20;

export interface RepairOptions {
  /** only this dataset's answers; all of them when undefined */
  datasetId?: number;
  /** count what would change, write nothing */
  dryRun?: boolean;
}

export interface RepairResult {
  scanned: number;
  /** answers whose text changed (or would) */
  changed: number;
  /** of those, answers that ended in a turn marker */
  markersCut: number;
  /** of those, answers now empty */
  emptied: number;
  /** comparisons whose two answers are now the same text: count, and the first ids */
  identicalComparisons: { count: number; ids: number[] };
  dryRun: boolean;
}

export async function repairAnswers(options: RepairOptions = {}, by: Actor = {}, onRange?: (done: number, lastId: number) => void): Promise<RepairResult> {
  const dryRun = options.dryRun ?? false;
  const datasetId = options.datasetId ?? null;
  const result: RepairResult = { scanned: 0, changed: 0, markersCut: 0, emptied: 0, identicalComparisons: { count: 0, ids: [] }, dryRun };
  const identical = new Set<number>();
  const bounds = await db
    .selectFrom("Response")
    .select(sql<number | null>`max(id)`.as("last"))
    .executeTakeFirstOrThrow();
  const last = bounds.last ?? 0;

  for (let from = 0; from < last; from += ID_RANGE) {
    const rows = await db
      .selectFrom("Response as r")
      .select(["r.id", "r.text"])
      .where("r.id", ">", from)
      .where("r.id", "<=", from + ID_RANGE)
      .$if(datasetId !== null, (q) => q.where("r.promptId", "in", (eb) => eb.selectFrom("Prompt").select("id").where("datasetId", "=", datasetId!)))
      // in id order, so the audit entry lists the old texts in the order the answers were stored
      .orderBy("r.id")
      .execute();
    result.scanned += rows.length;
    const fixed = rows.flatMap(({ id, text }) => {
      const cleaned = cleanAnswer(text);
      return cleaned.text === text ? [] : [{ id, before: text, text: cleaned.text, markerCut: cleaned.markerCut }];
    });
    if (fixed.length > 0) {
      result.changed += fixed.length;
      result.markersCut += fixed.filter((f) => f.markerCut).length;
      result.emptied += fixed.filter((f) => f.text === "").length;
      const ids = fixed.map((f) => f.id);
      const texts = fixed.map((f) => f.text);
      const fixedRows = sql`unnest(${ids}::int[], ${texts}::text[])`;
      const found = await inTransaction(async (client) => {
        if (!dryRun) {
          await sql`UPDATE "Response" r SET text = f.text FROM ${fixedRows} AS f(id, text) WHERE r.id = f.id`.execute(dbOn(client));
          await recordAudit(client, {
            ...by,
            action: "answers.repair",
            entityType: datasetId === null ? "database" : "dataset",
            entityId: datasetId ?? "all",
            before: fixed.map(({ id, before }) => ({ responseId: id, text: before })),
            after: { responses: fixed.length, markersCut: fixed.filter((f) => f.markerCut).length, rule: "lib/cai/answer-text.ts cleanAnswer" },
          });
        }
        // through the prompts (Comparison is indexed by prompt); the new texts count even in a dry run
        const { rows: same } = await sql<{ id: number }>`
          WITH fixed AS (SELECT * FROM ${fixedRows} AS f(id, text))
          SELECT c.id FROM "Comparison" c
          JOIN "Response" a ON a.id = c."responseAId" JOIN "Response" b ON b.id = c."responseBId"
          LEFT JOIN fixed fa ON fa.id = a.id LEFT JOIN fixed fb ON fb.id = b.id
          WHERE c."promptId" IN (SELECT "promptId" FROM "Response" WHERE id = ANY(${ids}::int[]))
            AND (fa.id IS NOT NULL OR fb.id IS NOT NULL) AND coalesce(fa.text, a.text) = coalesce(fb.text, b.text)`.execute(dbOn(client));
        return same.map((c) => c.id);
      });
      for (const id of found) identical.add(id);
    }
    onRange?.(Math.min(from + ID_RANGE, last), last);
  }
  const sorted = [...identical].sort((a, b) => a - b);
  result.identicalComparisons = { count: sorted.length, ids: sorted.slice(0, LISTED_COMPARISONS) };
  return result;
}
