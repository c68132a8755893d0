import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { dbOn } from "../db";
import { finalAnswer } from "./pair-sets";

// The cross-arm pairs of an experiment: for each prompt of its set and each two arms, the final
// answer of the arm listed first (lower position) as response A against the other's as response B,
// one ARMS comparison and one ExperimentPair row. Made once: both inserts skip what exists (the
// comparison is unique per prompt and responses, the pair per experiment, arms and prompt), and the
// caller holds the experiment's row lock.
//
// A final answer is the last revision of the arm's chain for the prompt (or the initial response
// of a chain with no steps), from chains whose run item is DONE: a failed item's half-made chain
// is no final answer, so that prompt is left out for that arm. Two final answers with the same text
// are still paired and judged: a tie is an outcome of the comparison (the report counts it as half
// a win each), and leaving such prompts out would drop exactly the prompts where the arms agree.

/** Makes the experiment's missing ARMS pairs on the caller's transaction; answers how many it has in all. */
export async function makeArmsPairs(tx: pg.ClientBase, experimentId: number): Promise<number> {
  const final = finalAnswer("ch");
  const { rows } = await sql<{ pairs: number }>`
    WITH finals AS (
      SELECT arm.id AS "armId", arm.position, ch."promptId", ${final.id} AS "responseId"
      FROM "ExperimentArm" arm
      JOIN "Chain" ch ON ch."runId" = arm."runId"
      JOIN "ExperimentPrompt" ep ON ep."experimentId" = arm."experimentId" AND ep."promptId" = ch."promptId"
      JOIN "RunItem" item ON item."runId" = arm."runId" AND item."promptId" = ch."promptId" AND item.status = 'DONE'
      ${final.join}
      WHERE arm."experimentId" = ${experimentId}
    ),
    candidates AS (
      SELECT x."promptId", x."armId" AS "armXId", y."armId" AS "armYId", x."responseId" AS a, y."responseId" AS b
      FROM finals x JOIN finals y ON y."promptId" = x."promptId" AND y.position > x.position
    ),
    inserted AS (
      INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source)
      SELECT "promptId", a, b, 'ARMS' FROM candidates
      ON CONFLICT ("promptId", "responseAId", "responseBId") DO NOTHING
      RETURNING id, "promptId", "responseAId", "responseBId"
    ),
    counted AS (
      UPDATE "Prompt" p SET "comparisonCount" = p."comparisonCount" + n.n
      FROM (SELECT "promptId", count(*)::int AS n FROM inserted GROUP BY 1) n WHERE p.id = n."promptId"
    ),
    paired AS (
      -- a comparison made by this statement is not visible to it in "Comparison": it comes from inserted
      INSERT INTO "ExperimentPair" ("experimentId", "comparisonId", "armXId", "armYId", "promptId")
      SELECT ${experimentId}, coalesce(i.id, c.id), k."armXId", k."armYId", k."promptId"
      FROM candidates k
      LEFT JOIN inserted i ON i."promptId" = k."promptId" AND i."responseAId" = k.a AND i."responseBId" = k.b
      LEFT JOIN "Comparison" c ON c."promptId" = k."promptId" AND c."responseAId" = k.a AND c."responseBId" = k.b
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*)::int FROM "ExperimentPair" WHERE "experimentId" = ${experimentId}) + (SELECT count(*)::int FROM paired) AS pairs`.execute(dbOn(tx));
  return rows[0].pairs;
}
