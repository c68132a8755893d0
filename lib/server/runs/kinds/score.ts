import "server-only";
import { sql } from "kysely";
import { scoreRunConfigSchema, scoreRunRequestSchema, type ScoreRunConfig, type ScoreRunRequest } from "@/lib/schemas/scores";
import { db, prisma } from "../../db";
import { NotFoundError, UserError } from "../../errors";
import { experimentChainIds, experimentComparisonIds } from "../../experiments/pair-sets";
import { scoreFormOptions } from "../../scores/form-options";
import { startRun, type PreparedRun, type Selection } from "../start";
import type { ClaimedItem } from "../worker/claims";
import type { ItemDeps, ItemOutcome } from "../worker/item-deps";
import { recordCall } from "../worker/record-call";
import { defineRunKind } from "./definition";
import { promptTurns } from "./prompt-turns";

// Starting a scoring run: a SCORER endpoint scores every response of the dataset's chains (or of
// its pairs), one run item per prompt, on the same queue, workers, claims, retries and resume as
// every other run (lib/server/runs). Each score is stored as an ENDPOINT Score with the run's id,
// in the statement that stores its call (processScoreItem, below).
//
// One prompt of a scoring run: each response to score (its chains' initial answers and revisions,
// or the responses its pairs compare) is sent with the conversation to the scoring endpoint, and
// the number that comes back is stored as an ENDPOINT score in the statement that stores the call.
// The call key names the response, so a restart scores only what has no stored call yet.

export async function prepareScoreRun(request: ScoreRunRequest): Promise<PreparedRun> {
  const [dataset, endpoint, sourceRun, experiment] = await Promise.all([
    prisma.dataset.findUnique({ where: { id: request.datasetId }, select: { id: true } }),
    prisma.modelEndpoint.findUnique({ where: { id: request.endpointId } }),
    request.sourceRunId === undefined ? null : prisma.run.findUnique({ where: { id: request.sourceRunId }, select: { datasetId: true } }),
    request.experimentId === undefined ? null : prisma.experiment.findUnique({ where: { id: request.experimentId }, select: { datasetId: true } }),
  ]);
  if (!dataset) throw NotFoundError.about("datasetId", `there is no dataset ${request.datasetId}`);
  if (!endpoint) throw NotFoundError.about("endpointId", `there is no endpoint ${request.endpointId}`);
  if (endpoint.kind !== "SCORER") throw UserError.about("endpointId", `"${endpoint.name}" is not a scoring endpoint (add one of kind SCORER in Settings)`);
  if (request.sourceRunId !== undefined && sourceRun?.datasetId !== request.datasetId) {
    throw UserError.about("sourceRunId", `there is no run ${request.sourceRunId} of this dataset`);
  }
  if (request.experimentId !== undefined && experiment?.datasetId !== request.datasetId) {
    throw UserError.about("experimentId", `there is no experiment ${request.experimentId} of this dataset`);
  }
  const params = (endpoint.params ?? {}) as { scoreFormat?: string };
  const config: ScoreRunConfig = {
    ...request,
    scoreName: request.scoreName ?? `pm:${endpoint.name}`,
    endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model, scoreFormat: params.scoreFormat ?? "vllm-pooling" },
  };
  return {
    run: { kind: "SCORE", name: request.name, datasetId: request.datasetId, endpointId: request.endpointId, constitutionVersionId: null, config },
    selection: scoredPrompts(request),
  };
}

export async function createScoreRun(request: ScoreRunRequest, userId?: string): Promise<{ runId: number; items: number }> {
  const { run, selection } = await prepareScoreRun(request);
  return startRun(run, selection, userId);
}

/** The prompts that have something to score: chains (of the source run or experiment), or pairs. */
function scoredPrompts(request: ScoreRunRequest): Selection {
  const chains = request.over === "chains";
  const sourceRunId = request.sourceRunId ?? null;
  const ofExperiment = request.experimentId === undefined ? sql`` : sql`AND t.id IN (${(chains ? experimentChainIds : experimentComparisonIds)(request.experimentId)})`;
  return {
    column: "promptId",
    empty: chains ? "The dataset has no chains to score (run SL-CAI first, or score its pairs)." : "The dataset has no pairs to score (make pairs first).",
    query: sql<{ id: number }>`SELECT p.id FROM "Prompt" p WHERE p."datasetId" = ${request.datasetId}
      AND EXISTS (SELECT 1 FROM ${sql.table(chains ? "Chain" : "Comparison")} t WHERE t."promptId" = p.id AND (${sourceRunId}::int IS NULL OR t."runId" = ${sourceRunId}) ${ofExperiment})
      ORDER BY p.id`,
  };
}

export const scoreRun = defineRunKind({
  kind: "SCORE",
  label: "Scoring run",
  cancelNote: "Responses not scored yet will not be. Scores already stored stay.",
  requestSchema: scoreRunRequestSchema,
  configSchema: scoreRunConfigSchema,
  formOptions: scoreFormOptions,
  calls: "scorer",
  prepare: prepareScoreRun,
  create: createScoreRun,
  processItem: processScoreItem,
  cli: {
    command: "score",
    options: {
      dataset: { type: "string" },
      endpoint: { type: "string" },
      name: { type: "string" },
      over: { type: "string" },
      "score-name": { type: "string" },
      "source-run": { type: "string" },
      concurrency: { type: "string" },
      wait: { type: "boolean", default: false },
      work: { type: "boolean", default: false },
    },
    constitution: false,
    settings: (values, flags) => {
      if (values.over !== "chains" && values.over !== "pairs") flags.usage("--over is chains or pairs");
      return {
        name: values.name ?? "",
        over: values.over,
        scoreName: values["score-name"],
        sourceRunId: flags.number(values["source-run"], "source-run"),
        concurrency: flags.number(values.concurrency, "concurrency"),
      };
    },
    started: (runId, items, request) => `Started scoring run #${runId}: the ${request.over === "chains" ? "chain" : "pair"} responses of ${items.toLocaleString("en-US")} prompts.`,
  },
});

export type ScoreItem = ClaimedItem<"SCORE">;

/**
 * The responses a scoring item scores: its prompt's chain answers, or the answers its pairs compare
 * (of the source run and the experiment, when they are set).
 */
function responsesToScore(config: Pick<ScoreRunConfig, "over" | "sourceRunId" | "experimentId">, promptId: number) {
  const { sourceRunId, experimentId } = config;
  const ofRun = sourceRunId !== undefined;
  const ofExperiment = experimentId !== undefined;
  if (config.over === "chains") {
    return db
      .selectFrom("Chain as c")
      .select("c.initialResponseId as id")
      .where("c.promptId", "=", promptId)
      .$if(ofRun, (q) => q.where("c.runId", "=", sourceRunId!))
      .$if(ofExperiment, (q) => q.where(sql<boolean>`c.id IN (${experimentChainIds(experimentId!)})`))
      .union(
        db
          .selectFrom("ChainStep as s")
          .innerJoin("Chain as c", "c.id", "s.chainId")
          .select("s.revisionId as id")
          .where("c.promptId", "=", promptId)
          .$if(ofRun, (q) => q.where("c.runId", "=", sourceRunId!))
          .$if(ofExperiment, (q) => q.where(sql<boolean>`c.id IN (${experimentChainIds(experimentId!)})`)),
      );
  }
  const pairs = db
    .selectFrom("Comparison")
    .where("promptId", "=", promptId)
    .$if(ofRun, (q) => q.where("runId", "=", sourceRunId!))
    .$if(ofExperiment, (q) => q.where(sql<boolean>`"Comparison".id IN (${experimentComparisonIds(experimentId!)})`));
  return pairs.select("responseAId as id").union(pairs.select("responseBId as id"));
}

export async function processScoreItem(item: ScoreItem, deps: ItemDeps): Promise<ItemOutcome> {
  const [turns, responses, done] = await Promise.all([
    // a scoring run's items are prompts
    promptTurns(item.promptId!),
    db.selectFrom("Response as r").select(["r.id", "r.text"]).where("r.id", "in", responsesToScore(item.config, item.promptId!)).orderBy("r.id").execute(),
    db.selectFrom("LlmCall").select("callKey").where("runItemId", "=", item.id).execute(),
  ]);
  const scored = new Set(done.map((row) => row.callKey));
  const messages = turns.map(({ role, content }) => ({ role, content }));
  for (const response of responses) {
    const callKey = `response${response.id}`;
    if (scored.has(callKey)) continue;
    if (!(await deps.mayContinue())) return "stopped";
    const result = await deps.score({ messages, response: response.text });
    await recordCall(
      {
        item,
        workerId: deps.workerId,
        callKey,
        endpointId: deps.endpointId,
        request: result.request,
        completion: { text: result.reply, finishReason: null, model: result.model, promptTokens: result.promptTokens, latencyMs: result.latencyMs },
      },
      { kind: "score", responseId: response.id, name: item.config.scoreName, value: result.value },
    );
  }
  return "done";
}
