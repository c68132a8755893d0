import pg from "pg";

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

/** hash-like noise in [0, 1) from an integer column */
const noise = (column: string, salt: number) => `(((${column})::bigint * 2654435761 + ${salt}) % 10007) / 10007.0`;

export async function ensureChartData(client: pg.ClientBase): Promise<ChartData> {
  const existing = await client.query<{ id: number; datasetId: number }>(`SELECT id, "datasetId" FROM "Run" WHERE name = $1`, [RUN_NAME]);
  if (existing.rows.length > 0) return { datasetId: existing.rows[0].datasetId, labelRunId: existing.rows[0].id };
  await client.query("BEGIN");
  try {
    const { rows: [dataset] } = await client.query<{ id: number }>(`SELECT "datasetId" AS id FROM "Prompt" ORDER BY id LIMIT 1`);
    await client.query(
      `INSERT INTO "Score" ("responseId", source, name, value)
       SELECT c."initialResponseId", 'IMPORTED'::"ScoreSource", 'pm_score', ${noise(`c."initialResponseId"`, 1)} * 2 - 1 FROM "Chain" c
       UNION ALL
       SELECT st."revisionId", 'IMPORTED', 'pm_score', ${noise(`st."revisionId"`, 1)} * 2 - 1 + 0.3 * st.index FROM "ChainStep" st`,
    );
    const { rows: [run] } = await client.query<{ id: number; endpointId: number }>(
      `WITH e AS (INSERT INTO "ModelEndpoint" (name, kind, model, "updatedAt") VALUES ('bench charts judge', 'OPENAI_COMPATIBLE', 'judge', now())
                  ON CONFLICT (name) DO UPDATE SET model = excluded.model RETURNING id)
       INSERT INTO "Run" (kind, name, status, "datasetId", "endpointId", config) SELECT 'LABEL', $1, 'SUCCEEDED', $2, id, '{"chainOfThought": true}' FROM e
       RETURNING id, "endpointId"`,
      [RUN_NAME, dataset.id],
    );
    await client.query(
      `INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source)
       SELECT c."promptId", c."initialResponseId", st."revisionId", 'CHAIN'
       FROM "Chain" c JOIN "ChainStep" st ON st."chainId" = c.id AND st.index = (SELECT max(index) FROM "ChainStep" WHERE "chainId" = c.id)
       ON CONFLICT DO NOTHING`,
    );
    const { rows: principles } = await client.query<{ id: number }>(`SELECT id FROM "Principle" ORDER BY id LIMIT 2`);
    await client.query(
      `INSERT INTO "AiLabel" ("comparisonId", "runId", "endpointId", "principleId", "order", method, prompt, "pA", "pAClamped")
       SELECT c.id, $1, $2, pr.id, o.ord::"LabelOrder", 'LOGPROBS', 'bench', p.p, least(0.6, greatest(0.4, p.p))
       FROM "Comparison" c CROSS JOIN unnest($3::int[]) AS pr(id) CROSS JOIN (VALUES ('AB', 1), ('BA', 2)) AS o(ord, salt)
       CROSS JOIN LATERAL (SELECT ${noise(`c.id * 31 + pr.id * 7 + o.salt`, 3)} AS p) p
       WHERE c.source = 'CHAIN'`,
      [run.id, run.endpointId, principles.map((p) => p.id)],
    );
    await client.query(
      `INSERT INTO "AiVerdict" ("comparisonId", "runId", "endpointId", "pA", "pAUsed", flips, spread, principles, method, "chainOfThought")
       SELECT "comparisonId", $1, $2, avg("pA"), avg("pAClamped"), 0, max("pA") - min("pA"), count(DISTINCT "principleId")::int, 'LOGPROBS', true
       FROM "AiLabel" WHERE "runId" = $1 GROUP BY "comparisonId"`,
      [run.id, run.endpointId],
    );
    await client.query(
      `INSERT INTO "HumanLabel" ("comparisonId", source, choice)
       SELECT v."comparisonId", 'REVIEW', CASE WHEN ${noise(`v."comparisonId"`, 5)} < v."pA" THEN 'A' ELSE 'B' END::"HumanChoice"
       FROM "AiVerdict" v WHERE v."runId" = $1 AND v."comparisonId" % 50 = 0`,
      [run.id],
    );
    await client.query("COMMIT");
    await client.query(`ANALYZE "Score", "Comparison", "AiLabel", "AiVerdict", "HumanLabel"`);
    return { datasetId: dataset.id, labelRunId: run.id };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
