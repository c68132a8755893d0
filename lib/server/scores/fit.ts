import "server-only";
import { sql, type Kysely, type RawBuilder } from "kysely";
import { bradleyTerry, type Comparison } from "@/lib/cai/charts/bradley-terry";
import { btToElo } from "@/lib/cai/charts/elo";
import { fittedScoreName, type HumanLabelChoice, type ScoreFitRequest, type ScoreFitResult } from "@/lib/schemas/scores";
import { recordAudit, type Actor } from "../audit/record";
import { currentSummaries } from "../charts/summaries";
import { NotFoundError, UserError } from "../errors";
import type { DB } from "@/lib/generated/db/types";
import { db, dbOn } from "../db";
import { inTransaction } from "../pg";

// Preference-model scores fitted to soft labels: a Bradley-Terry strength for every response of a
// dataset that a labeling run's verdicts (P(A) as used) and/or people's current answers (A = 1,
// B = 0, tie = 0.5) compared, stored as two Score rows per response:
//   BRADLEY_TERRY  value = the natural-log strength (logStrength), so P(x beats y) = 1 / (1 + e^(y - x))
//   ELO            value = the same fit on the Elo scale, btToElo(logStrength) = 1500 + 400 log10(strength)
//                  (not sequential Elo updates, whose result depends on the order labels were made in)
//
// A comparison always pairs two responses of one prompt, so each prompt's responses form their
// own tournament: they are fitted prompt by prompt, and log-strengths sum to 0 (Elo averages 1500)
// within each prompt. Strengths of responses to different prompts are not comparable; a global fit
// could not make them so either, since no label links them. Reading labels ordered by prompt
// through a cursor keeps one prompt's labels in memory at a time, at any dataset size.
//
// A fit replaces the dataset's earlier scores of the same name in the same transaction (re-fitting
// never duplicates), and concurrent fits of one name wait for each other.

/** rows read per FETCH and score rows written per INSERT; tests make them small to cross batch edges */
export interface FitBatches {
  fetchRows?: number;
  insertRows?: number;
}

const HUMAN_SOURCES: Record<HumanLabelChoice, string[]> = { review: ["REVIEW"], imported: ["IMPORTED"], all: ["REVIEW", "IMPORTED"] };

interface LabelRow {
  promptId: number;
  a: number;
  b: number;
  p: number;
}

export async function fitScores(request: ScoreFitRequest, by: Actor = {}, batches: FitBatches = {}): Promise<ScoreFitResult> {
  await checkTargets(request);
  const name = fittedScoreName(request.runId, request.humans);
  const result = await inTransaction(async (client) => {
    const db = dbOn(client);
    // one fit of a name per dataset at a time: two would both delete, then both insert
    await sql`SELECT pg_advisory_xact_lock(${request.datasetId}, hashtext(${`scores.fit:${name}`}))`.execute(db);
    const deleted = await db
      .deleteFrom("Score as s")
      .using(["Response as r", "Prompt as p"])
      .whereRef("s.responseId", "=", "r.id")
      .whereRef("r.promptId", "=", "p.id")
      .where("p.datasetId", "=", request.datasetId)
      .where("s.name", "=", name)
      .where(sql<boolean>`s.source IN ('BRADLEY_TERRY', 'ELO')`)
      .executeTakeFirst();
    const counts = await fitPromptByPrompt(db, request, name, { fetchRows: batches.fetchRows ?? 5_000, insertRows: batches.insertRows ?? 10_000 });
    const result: ScoreFitResult = { name, ...counts, replaced: Number(deleted.numDeletedRows) };
    await recordAudit(client, { ...by, action: "scores.fit", entityType: "dataset", entityId: request.datasetId, after: { ...request, ...result } });
    return result;
  });
  // a fit at scale writes its scores in statements too large for the chart summaries' triggers to
  // follow, so it leaves them stale: rebuild them now, as part of the fit whose caller waits anyway,
  // so the charts show the fitted scores at once
  await currentSummaries();
  return result;
}

async function checkTargets(request: ScoreFitRequest): Promise<void> {
  const runId = request.runId ?? null;
  const {
    rows: [found],
  } = await sql<{ dataset: number; runKind: string | null; runDatasetId: number | null; run: number }>`
    SELECT (SELECT count(*) FROM "Dataset" WHERE id = ${request.datasetId})::int AS dataset,
      (SELECT count(*) FROM "Run" WHERE id = ${runId})::int AS run,
      (SELECT kind::text FROM "Run" WHERE id = ${runId}) AS "runKind",
      (SELECT "datasetId" FROM "Run" WHERE id = ${runId}) AS "runDatasetId"`.execute(db);
  if (found.dataset === 0) throw NotFoundError.about("datasetId", `there is no dataset ${request.datasetId}`);
  if (request.runId === undefined) return;
  if (found.run === 0) throw NotFoundError.about("runId", `there is no run ${request.runId}`);
  if (found.runKind !== "LABEL") throw UserError.about("runId", `run ${request.runId} is not a labeling run, so it has no preference labels to fit`);
  if (found.runDatasetId !== request.datasetId) throw UserError.about("runId", `run ${request.runId} labeled another dataset`);
}

async function fitPromptByPrompt(db: Kysely<DB>, request: ScoreFitRequest, name: string, batches: Required<FitBatches>): Promise<Omit<ScoreFitResult, "name" | "replaced">> {
  const counts = { responses: 0, labels: 0, prompts: 0, notConverged: 0 };
  const pending: { responseIds: number[]; sources: string[]; values: number[] } = { responseIds: [], sources: [], values: [] };
  const flush = async () => {
    if (pending.responseIds.length === 0) return;
    await sql`
      INSERT INTO "Score" ("responseId", source, name, value, "runId")
      SELECT r, s::"ScoreSource", ${name}, v, ${request.runId ?? null}
      FROM unnest(${pending.responseIds}::int[], ${pending.sources}::text[], ${pending.values}::float8[]) AS t(r, s, v)`.execute(db);
    pending.responseIds = [];
    pending.sources = [];
    pending.values = [];
  };
  const fitPrompt = async (promptId: number, comparisons: Comparison[]) => {
    let fitted;
    try {
      fitted = bradleyTerry(comparisons, { prior: request.prior });
    } catch (error) {
      // a prior of 0 fails when a response never wins (or never loses): it has no finite strength
      if (request.prior !== 0) throw error;
      throw UserError.about("prior", `without a prior the fit does not exist for prompt ${promptId} (${(error as Error).message.replace(/^bradleyTerry: /, "")}); use a prior above 0`);
    }
    counts.prompts++;
    counts.labels += comparisons.length;
    if (!fitted.converged) counts.notConverged++;
    for (const player of fitted.players) {
      counts.responses++;
      const responseId = Number(player.id);
      pending.responseIds.push(responseId, responseId);
      pending.sources.push("BRADLEY_TERRY", "ELO");
      pending.values.push(player.logStrength, btToElo(player.logStrength));
    }
    if (pending.responseIds.length >= batches.insertRows) await flush();
  };

  await sql`DECLARE score_fit_labels NO SCROLL CURSOR FOR ${labelsQuery(request)}`.execute(db);
  let promptId: number | undefined;
  let group: Comparison[] = [];
  for (;;) {
    const { rows } = await sql<LabelRow>`FETCH ${sql.lit(batches.fetchRows)} FROM score_fit_labels`.execute(db);
    for (const row of rows) {
      if (row.promptId !== promptId) {
        if (promptId !== undefined) await fitPrompt(promptId, group);
        promptId = row.promptId;
        group = [];
      }
      group.push({ a: String(row.a), b: String(row.b), pA: row.p });
    }
    if (rows.length < batches.fetchRows) break;
  }
  if (promptId !== undefined) await fitPrompt(promptId, group);
  await sql`CLOSE score_fit_labels`.execute(db);
  await flush();
  return counts;
}

/** The labels to fit, one row each, ordered by prompt so a prompt's labels arrive together. */
function labelsQuery(request: ScoreFitRequest): RawBuilder<LabelRow> {
  const parts: RawBuilder<LabelRow>[] = [];
  if (request.runId !== undefined) {
    parts.push(
      sql`SELECT c."promptId", c."responseAId" AS a, c."responseBId" AS b, v."pAUsed" AS p
       FROM "AiVerdict" v JOIN "Comparison" c ON c.id = v."comparisonId" JOIN "Prompt" pr ON pr.id = c."promptId"
       WHERE v."runId" = ${request.runId} AND pr."datasetId" = ${request.datasetId}`,
    );
  }
  if (request.humans !== undefined) {
    parts.push(
      sql`SELECT c."promptId", c."responseAId" AS a, c."responseBId" AS b,
         (CASE h.choice WHEN 'A' THEN 1.0 WHEN 'B' THEN 0.0 ELSE 0.5 END)::float8 AS p
       FROM "HumanLabel" h JOIN "Comparison" c ON c.id = h."comparisonId" JOIN "Prompt" pr ON pr.id = c."promptId"
       WHERE h."supersededAt" IS NULL AND h.choice IN ('A', 'B', 'TIE')
         AND h.source::text = ANY(${HUMAN_SOURCES[request.humans]}::text[]) AND pr."datasetId" = ${request.datasetId}`,
    );
  }
  return sql<LabelRow>`${sql.join(parts, sql`\nUNION ALL\n`)}\nORDER BY 1, 2, 3, 4`;
}
