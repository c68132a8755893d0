import { sql } from "kysely";
import type pg from "pg";
import { dbOn } from "../../lib/server/db";
import { experimentConfigSchema } from "../../lib/schemas/experiments";

// A synthetic constitution experiment for the report bench, written by set-based SQL: a dataset of
// its own ("bench experiment"), N prompts, two arms of N chains with 4 revisions each (principles
// drawn from 4), every chain answer scored, every prompt's final answers paired (ARMS) and every
// revision paired with the answer before it (CHAIN), all judged. Texts are 0.5 to 1.5 KB, a few of
// arm b's evasive or carrying a Goodhart phrase; numbers are deterministic pseudo-random from the
// prompt number. Made once per database, found again by the experiment's name; other datasets'
// rows are not touched.

export const REVISIONS = 4;
const ARMS = ["a", "b"] as const;

export const experimentName = (prompts: number) => `bench experiment ${prompts} x ${ARMS.length}`;

/** hash-like noise in [0, 1) from an integer expression, as chart-data.ts makes it */
const noise = (expression: string, salt: number) => sql.raw(`((((${expression})::bigint * 2654435761 + ${salt}) % 10007) / 10007.0)`);

export async function ensureExperimentData(client: pg.ClientBase, prompts: number): Promise<number> {
  const db = dbOn(client);
  const name = experimentName(prompts);
  const existing = await db.selectFrom("Experiment").select("id").where("name", "=", name).executeTakeFirst();
  if (existing) return existing.id;
  return db.transaction().execute(async (trx) => {
    const tag = `${name} ${Date.now()}`;
    const dataset = await trx.insertInto("Dataset").values({ name: tag }).returning("id").executeTakeFirstOrThrow();
    await sql`
      INSERT INTO "Prompt" ("datasetId", turns, text, "contentHash")
      SELECT ${dataset.id}, jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Bench experiment question ' || g || ': how do I do this safely?')),
             'Bench experiment question ' || g || ': how do I do this safely?', md5(${tag} || g)
      FROM generate_series(1, ${prompts}) g`.execute(trx);
    const constitution = await trx.insertInto("Constitution").values({ name: tag }).returning("id").executeTakeFirstOrThrow();
    const version = await trx.insertInto("ConstitutionVersion").values({ constitutionId: constitution.id, version: 1, contentHash: tag }).returning("id").executeTakeFirstOrThrow();
    await sql`
      INSERT INTO "Principle" ("versionId", kind, key, position, "critiqueRequest", "revisionRequest", "contentHash")
      SELECT ${version.id}, 'CRITIQUE_REVISION', 'principle' || k, k, 'Critique ' || k, 'Revise ' || k, md5(${tag} || 'principle' || k)
      FROM generate_series(0, 3) k`.execute(trx);
    const run = (kind: "SL_CAI" | "LABEL" | "SCORE", runName: string, config: object = {}) =>
      trx
        .insertInto("Run")
        .values({
          kind,
          name: `${name}: ${runName}`,
          status: "SUCCEEDED",
          datasetId: dataset.id,
          constitutionVersionId: kind === "SL_CAI" ? version.id : null,
          config: JSON.stringify(config),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
        .then((row) => row.id);
    const judgeRunId = await run("LABEL", "judge");
    const scoreRunId = await run("SCORE", "scores", { scoreName: "pm" });
    // the config as the studio stores it (the report reads judge.revisions); nothing calls the endpoint
    const endpoint = await trx
      .insertInto("ModelEndpoint")
      .values({ name: tag, kind: "OPENAI_COMPATIBLE", baseUrl: "http://127.0.0.1:9/v1", model: "bench", updatedAt: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const arm = (armName: string) => ({ name: armName, endpointId: endpoint.id, constitutionVersionId: version.id });
    const config = experimentConfigSchema.parse({
      name,
      datasetId: dataset.id,
      seed: 1,
      prompts: { kind: "all" },
      arms: ARMS.map(arm),
      judge: { endpointId: endpoint.id, constitutionVersionId: version.id, revisions: true },
    });
    const experiment = await trx
      .insertInto("Experiment")
      .values({ name, datasetId: dataset.id, config: JSON.stringify(config), seed: config.seed, judgeRunId, scoreRunId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await sql`INSERT INTO "ExperimentPrompt" ("experimentId", "promptId") SELECT ${experiment.id}, id FROM "Prompt" WHERE "datasetId" = ${dataset.id}`.execute(trx);

    const armRuns: number[] = [];
    for (const [position, arm] of ARMS.entries()) {
      const runId = await run("SL_CAI", `arm ${arm}`);
      armRuns.push(runId);
      await trx.insertInto("ExperimentArm").values({ experimentId: experiment.id, name: arm, position, runId }).execute();
      // version v of each prompt's answer, found again by its sourceKey ("bench-experiment-ARM:v"); arm b's answers are longer,
      // 5% of its final answers are bare refusals and 30% end with a Goodhart phrase
      await sql`
        INSERT INTO "Response" ("promptId", text, origin, "runId", "sourceKey")
        SELECT p.id,
               CASE WHEN ${position} = 1 AND v = ${REVISIONS} AND ${noise("p.id", 11)} < 0.05 THEN 'I can''t help with that.'
                    ELSE 'Answer ' || v || ' to question ' || p.id || '. '
                         || repeat('Here is a careful, honest and specific answer that explains each step and the reason behind it. ',
                                   5 + floor(${noise("p.id * 7 + v", 13)} * 8)::int + ${position} * 2)
                         || CASE WHEN ${position} = 1 AND ${noise("p.id", 17)} < 0.3 THEN 'Remember, you are valid, valued, and cared for.' ELSE '' END
               END,
               CASE WHEN v = 0 THEN 'INITIAL' ELSE 'REVISION' END::"ResponseOrigin", ${runId}, ${`bench-experiment-${arm}:`} || v
        FROM "Prompt" p CROSS JOIN generate_series(0, ${REVISIONS}) v WHERE p."datasetId" = ${dataset.id}`.execute(trx);
      await sql`
        INSERT INTO "Chain" ("promptId", "initialResponseId", "constitutionVersionId", "runId")
        SELECT "promptId", id, ${version.id}, ${runId} FROM "Response" WHERE "runId" = ${runId} AND "sourceKey" = ${`bench-experiment-${arm}:0`}`.execute(trx);
      await sql`
        INSERT INTO "ChainStep" ("chainId", index, "principleId", critique, "revisionId")
        SELECT c.id, split_part(r."sourceKey", ':', 2)::int, pr.id, 'A critique.', r.id
        FROM "Response" r JOIN "Chain" c ON c."runId" = r."runId" AND c."promptId" = r."promptId"
        JOIN "Principle" pr ON pr."versionId" = ${version.id} AND pr.position = (r."promptId" + split_part(r."sourceKey", ':', 2)::int) % 4
        WHERE r."runId" = ${runId} AND r.origin = 'REVISION'`.execute(trx);
      // scores rise by revision, less under principle 3
      await sql`
        INSERT INTO "Score" ("responseId", source, name, value, "runId")
        SELECT r.id, 'ENDPOINT', 'pm', ${noise("r.id", 19)} * 2 - 1 + 0.2 * coalesce(s.index, 0) - CASE WHEN pr.position = 3 THEN 0.3 ELSE 0 END + ${position} * 0.1, ${scoreRunId}
        FROM "Response" r LEFT JOIN "ChainStep" s ON s."revisionId" = r.id LEFT JOIN "Principle" pr ON pr.id = s."principleId"
        WHERE r."runId" = ${runId}`.execute(trx);
      // each revision against the answer before it, A by the pair maker's hash, judged
      await sql`
        WITH steps AS (
          SELECT c."promptId", coalesce(b."revisionId", c."initialResponseId") AS before, s."revisionId" AS revision, s."principleId"
          FROM "Chain" c JOIN "ChainStep" s ON s."chainId" = c.id LEFT JOIN "ChainStep" b ON b."chainId" = c.id AND b.index = s.index - 1
          WHERE c."runId" = ${runId}
        ), made AS (
          INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source)
          SELECT "promptId", CASE WHEN revision % 2 = 0 THEN before ELSE revision END, CASE WHEN revision % 2 = 0 THEN revision ELSE before END, 'CHAIN' FROM steps
          RETURNING id, "responseAId", "responseBId"
        )
        INSERT INTO "AiVerdict" ("comparisonId", "runId", "pA", "pAUsed", flips, spread, principles, method, "chainOfThought")
        SELECT id, ${judgeRunId}, ${noise("id", 23)}, ${noise("id", 23)}, 0, 0, 1, 'LOGPROBS', false FROM made`.execute(trx);
    }
    // every prompt's final answers, a's as response A, judged with b preferred six times in ten
    await sql`
      WITH finals AS (
        SELECT c."promptId", max(s."revisionId") FILTER (WHERE c."runId" = ${armRuns[0]}) AS a, max(s."revisionId") FILTER (WHERE c."runId" = ${armRuns[1]}) AS b
        FROM "Chain" c JOIN "ChainStep" s ON s."chainId" = c.id AND s.index = ${REVISIONS}
        WHERE c."runId" IN (${armRuns[0]}, ${armRuns[1]}) GROUP BY c."promptId"
      ), made AS (
        INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source, "runId")
        SELECT "promptId", a, b, 'ARMS', ${judgeRunId} FROM finals RETURNING id, "promptId"
      ), paired AS (
        INSERT INTO "ExperimentPair" ("experimentId", "comparisonId", "armXId", "armYId", "promptId")
        SELECT ${experiment.id}, made.id, x.id, y.id, made."promptId" FROM made
        JOIN "ExperimentArm" x ON x."experimentId" = ${experiment.id} AND x.position = 0
        JOIN "ExperimentArm" y ON y."experimentId" = ${experiment.id} AND y.position = 1
      )
      INSERT INTO "AiVerdict" ("comparisonId", "runId", "pA", "pAUsed", flips, spread, principles, method, "chainOfThought")
      SELECT id, ${judgeRunId}, p, p, 0, 0, 2, 'LOGPROBS', false
      FROM made CROSS JOIN LATERAL (SELECT CASE WHEN ${noise(`"promptId"`, 29)} < 0.6 THEN 0.1 + 0.3 * ${noise("id", 31)} ELSE 0.5 + 0.45 * ${noise("id", 31)} END AS p) v`.execute(trx);
    await sql`ANALYZE "Chain", "ChainStep", "Response", "Score", "Comparison", "AiVerdict", "ExperimentPair", "ExperimentPrompt"`.execute(trx);
    return experiment.id;
  });
}
