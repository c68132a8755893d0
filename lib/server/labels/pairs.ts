import "server-only";
import { sql } from "kysely";
import type { PairRequest, PairResult } from "@/lib/schemas/labels";
import { recordAudit, type Actor } from "../audit/record";
import { NotFoundError } from "../errors";
import { db } from "../db";
import { pgPool } from "../pg";

// Comparison pairs from responses already stored: two points of each SL-CAI chain, or samples of
// one prompt paired in order. Which response is (A) is decided by a hash of the two ids (whichever
// way round they come), the same every time and half the time each way, so a single-order label
// cannot favour "the revision is always A", and the same two responses never make two pairs.
// Making pairs twice adds nothing: a pair is unique per prompt and responses. Two responses with
// the same text (a revision that changed nothing, a deterministic sampler) make no pair: counted.

/**
 * The candidate pairs compared by text (identical texts make no pair), then as (promptId, a, b),
 * A decided by the hash of the two ids.
 */
const COMPARED_AND_ORDERED = sql`compared AS (
      SELECT c.*, x.text = y.text AS identical
      FROM candidates c JOIN "Response" x ON x.id = c.x JOIN "Response" y ON y.id = c.y
    ),
    ordered AS (
      SELECT "promptId",
        CASE WHEN abs(hashtext(least(x, y)::text || ':' || greatest(x, y)::text)) % 2 = 0 THEN least(x, y) ELSE greatest(x, y) END AS a,
        CASE WHEN abs(hashtext(least(x, y)::text || ':' || greatest(x, y)::text)) % 2 = 0 THEN greatest(x, y) ELSE least(x, y) END AS b
      FROM compared WHERE NOT identical
    )`;

export async function makePairs(request: PairRequest, by: Actor = {}): Promise<PairResult> {
  await checkExists(request);
  const candidates = request.mode === "chain" ? chainPoints(request) : samplePairs(request);
  const source = request.mode === "chain" ? "CHAIN" : "SAMPLES";
  const { rows } = await sql<{ created: number; total: number; identical: number }>`
    WITH candidates AS (${candidates}),
    ${COMPARED_AND_ORDERED},
    inserted AS (
      INSERT INTO "Comparison" ("promptId", "responseAId", "responseBId", source)
      SELECT "promptId", a, b, ${source}::"ComparisonSource" FROM ordered
      ON CONFLICT ("promptId", "responseAId", "responseBId") DO NOTHING
      RETURNING "promptId"
    ),
    counted AS (
      UPDATE "Prompt" p SET "comparisonCount" = p."comparisonCount" + n.n
      FROM (SELECT "promptId", count(*)::int AS n FROM inserted GROUP BY 1) n WHERE p.id = n."promptId"
    )
    SELECT (SELECT count(*)::int FROM inserted) AS created, (SELECT count(*)::int FROM ordered) AS total,
      (SELECT count(*)::int FROM compared WHERE identical) AS identical`.execute(db);
  const result = { created: rows[0].created, existing: rows[0].total - rows[0].created, identical: rows[0].identical };
  if (result.created > 0) await recordAudit(pgPool(), { ...by, action: "pairs.make", entityType: "dataset", entityId: request.datasetId, after: { ...request, ...result } });
  return result;
}

/**
 * What makePairs would do, without doing it: how many pairs the request covers, and how many of
 * those exist already. The form shows it before anyone presses "Make pairs".
 */
export async function previewPairs(request: PairRequest): Promise<PairResult> {
  await checkExists(request);
  const candidates = request.mode === "chain" ? chainPoints(request) : samplePairs(request);
  const { rows } = await sql<{ total: number; existing: number; identical: number }>`
    WITH candidates AS (${candidates}), ${COMPARED_AND_ORDERED}
    SELECT count(*)::int AS total, count(c.id)::int AS existing, (SELECT count(*)::int FROM compared WHERE identical) AS identical
    FROM ordered o LEFT JOIN "Comparison" c ON c."promptId" = o."promptId" AND c."responseAId" = o.a AND c."responseBId" = o.b`.execute(db);
  return { created: rows[0].total - rows[0].existing, existing: rows[0].existing, identical: rows[0].identical };
}

async function checkExists(request: PairRequest): Promise<void> {
  const runId = request.mode === "chain" ? (request.runId ?? null) : null;
  const {
    rows: [found],
  } = await sql<{ dataset: number; run: number }>`
    SELECT (SELECT count(*) FROM "Dataset" WHERE id = ${request.datasetId})::int AS dataset, (SELECT count(*) FROM "Run" WHERE id = ${runId})::int AS run`.execute(db);
  if (found.dataset === 0) throw NotFoundError.about("datasetId", `there is no dataset ${request.datasetId}`);
  if (request.mode === "chain" && request.runId !== undefined && found.run === 0) throw NotFoundError.about("runId", `there is no run ${request.runId}`);
}

/** Each chain's initial response against its last revision, or each revision against the one before. */
function chainPoints(request: Extract<PairRequest, { mode: "chain" }>) {
  const runId = request.runId ?? null;
  const chains = sql`SELECT c.id, c."promptId", c."initialResponseId" FROM "Chain" c JOIN "Prompt" p ON p.id = c."promptId"
                 WHERE p."datasetId" = ${request.datasetId} AND (${runId}::int IS NULL OR c."runId" = ${runId})`;
  return request.points === "initial-final"
    ? sql`SELECT c."promptId", c."initialResponseId" AS x, last."revisionId" AS y
          FROM (${chains}) c
          JOIN LATERAL (SELECT "revisionId" FROM "ChainStep" s WHERE s."chainId" = c.id ORDER BY s.index DESC LIMIT 1) last ON true`
    : sql`SELECT c."promptId", coalesce(previous."revisionId", c."initialResponseId") AS x, s."revisionId" AS y
          FROM (${chains}) c JOIN "ChainStep" s ON s."chainId" = c.id
          LEFT JOIN "ChainStep" previous ON previous."chainId" = c.id AND previous.index = s.index - 1`;
}

/** Samples of one prompt (and one producer) in the order they were stored: 1 with 2, 3 with 4... */
function samplePairs(request: Extract<PairRequest, { mode: "samples" }>) {
  const producer = request.producer ?? null;
  return sql`WITH numbered AS (
          SELECT r.id, r."promptId", r.producer, row_number() OVER (PARTITION BY r."promptId", r.producer ORDER BY r.id) AS n
          FROM "Response" r JOIN "Prompt" p ON p.id = r."promptId"
          WHERE p."datasetId" = ${request.datasetId} AND r.origin = 'SAMPLE' AND (${producer}::text IS NULL OR r.producer = ${producer})
        )
        SELECT first."promptId", first.id AS x, second.id AS y
        FROM numbered first
        JOIN numbered second ON second."promptId" = first."promptId" AND second.producer IS NOT DISTINCT FROM first.producer AND second.n = first.n + 1
        WHERE first.n % 2 = 1`;
}
