import { sql } from "kysely";
import type pg from "pg";
import { currentSummaries } from "../../lib/server/charts/summaries";
import { dbOn } from "../../lib/server/db";

// What the chart endpoints need on the paper-scale database, which holds only imported chains:
// a pm_score on every chain response (rising 0.3 per revision, with noise), each chain's initial
// answer against its final revision as a pair, a labeling run on them with two principles in both
// orders (so 4 labels per pair), its verdicts, and reviewers' answers on 2% of the pairs. All in
// SQL, with deterministic pseudo-random numbers from the row ids; made once, found by the run's name.

const RUN_NAME = "bench charts labeling run";

export interface ChartData {
  datasetId: number;
  labelRunId: number;
}

/** hash-like noise in [0, 1) from an integer column: SQL text, the same in every statement */
const noise = (column: string, salt: number) => sql.raw(`(((${column})::bigint * 2654435761 + ${salt}) % 10007) / 10007.0`);

export async function ensureChartData(client: pg.ClientBase): Promise<ChartData> {
  const existing = await dbOn(client).selectFrom("Run").select(["id", "datasetId"]).where("name", "=", RUN_NAME).executeTakeFirst();
  const data = existing ? { datasetId: existing.datasetId!, labelRunId: existing.id } : await makeChartData(client);
  // its scores and labels, each written in one statement, leave the chart summaries stale; a
  // worker's sweep would rebuild them, and the bench runs none
  await currentSummaries(client);
  return data;
}

async function makeChartData(client: pg.ClientBase): Promise<ChartData> {
  const db = dbOn(client);
  const made = await db.transaction().execute(async (trx) => {
    const dataset = await trx.selectFrom("Prompt").select("datasetId as id").orderBy("id").limit(1).executeTakeFirstOrThrow();
    await sql`
      INSERT INTO "Score" ("responseId", source, name, value)
      SELECT c."initialResponseId", 'IMPORTED'::"ScoreSource", 'pm_score', ${noise(`c."initialResponseId"`, 1)} * 2 - 1 FROM "Chain" c
      UNION ALL
      SELECT st."revisionId", 'IMPORTED', 'pm_score', ${noise(`st."revisionId"`, 1)} * 2 - 1 + 0.3 * st.index FROM "ChainStep" st`.execute(trx);
    const {
      rows: [run],
    } = await sql<{ id: number; endpointId: number }>`
      WITH e AS (INSERT INTO "ModelEndpoint" (name, kind, model, "updatedAt") VALUES ('bench charts judge', 'OPENAI_COMPATIBLE', 'judge', now())
                 ON CONFLICT (name) DO UPDATE SET model = excluded.model RETURNING id)
      INSERT INTO "Run" (kind, name, status, "datasetId", "endpointId", config) SELECT 'LABEL', ${RUN_NAME}, 'SUCCEEDED', ${dataset.id}, id, '{"chainOfThought": true}' FROM e
      RETURNING id, "endpointId"`.execute(trx);
    await sql`
      INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source)
      SELECT c."promptId", c."initialResponseId", st."revisionId", 'CHAIN'
      FROM "Chain" c JOIN "ChainStep" st ON st."chainId" = c.id AND st.index = (SELECT max(index) FROM "ChainStep" WHERE "chainId" = c.id)
      ON CONFLICT DO NOTHING`.execute(trx);
    const principles = await trx.selectFrom("Principle").select("id").orderBy("id").limit(2).execute();
    await sql`
      INSERT INTO "AiLabel" ("comparisonId", "runId", "endpointId", "principleId", "order", method, prompt, "pA", "pAClamped")
      SELECT c.id, ${run.id}, ${run.endpointId}, pr.id, o.ord::"LabelOrder", 'LOGPROBS', 'bench', p.p, least(0.6, greatest(0.4, p.p))
      FROM "Comparison" c CROSS JOIN unnest(${principles.map((p) => p.id)}::int[]) AS pr(id) CROSS JOIN (VALUES ('AB', 1), ('BA', 2)) AS o(ord, salt)
      CROSS JOIN LATERAL (SELECT ${noise(`c.id * 31 + pr.id * 7 + o.salt`, 3)} AS p) p
      WHERE c.source = 'CHAIN'`.execute(trx);
    await sql`
      INSERT INTO "AiVerdict" ("comparisonId", "runId", "endpointId", "pA", "pAUsed", flips, spread, principles, method, "chainOfThought")
      SELECT "comparisonId", ${run.id}, ${run.endpointId}, avg("pA"), avg("pAClamped"), 0, max("pA") - min("pA"), count(DISTINCT "principleId")::int, 'LOGPROBS', true
      FROM "AiLabel" WHERE "runId" = ${run.id} GROUP BY "comparisonId"`.execute(trx);
    await sql`
      INSERT INTO "HumanLabel" ("comparisonId", source, choice)
      SELECT v."comparisonId", 'REVIEW', CASE WHEN ${noise(`v."comparisonId"`, 5)} < v."pA" THEN 'A' ELSE 'B' END::"HumanChoice"
      FROM "AiVerdict" v WHERE v."runId" = ${run.id} AND v."comparisonId" % 50 = 0`.execute(trx);
    return { datasetId: dataset.id!, labelRunId: run.id };
  });
  await sql`ANALYZE "Score", "Comparison", "AiLabel", "AiVerdict", "HumanLabel"`.execute(db);
  return made;
}
