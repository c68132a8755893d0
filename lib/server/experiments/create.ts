import "server-only";
import { sql, type RawBuilder } from "kysely";
import { randomInt } from "node:crypto";
import type { FieldIssue } from "@/lib/schemas/api-error";
import type { ExperimentConfig, ExperimentRequest } from "@/lib/schemas/experiments";
import { recordAudit } from "../audit/record";
import { dbOn } from "../db";
import { ConflictError, UserError } from "../errors";
import { inTransaction } from "../pg";
import { runKinds } from "../runs/kinds/registry";
import { promptSelection } from "../runs/start";
import { under, withFieldPaths } from "./field-paths";
import { armRunRequest, judgeRunRequest, scoreRunRequest, type ExperimentHead } from "./run-requests";

// Creating an experiment: every arm, the judge and the scorer are checked by their own run kinds'
// checks (prepare, which writes nothing) before anything is written, every refusal named by its
// place in the request (arms.1.constitutionVersionId); then one transaction writes the experiment,
// its arms (no runs yet: `advanceExperiment` starts them) and its prompt set, fixed from here on.

export interface CreatedExperiment {
  id: number;
  name: string;
  seed: number;
  prompts: number;
  arms: string[];
}

export async function createExperiment(request: ExperimentRequest, userId?: string): Promise<CreatedExperiment> {
  const seed = request.seed ?? randomInt(2 ** 31 - 1);
  const config: ExperimentConfig = {
    ...request,
    seed,
    prompts: request.prompts.kind === "sample" ? { ...request.prompts, seed: request.prompts.seed ?? seed } : request.prompts,
  };
  const head: ExperimentHead = { name: request.name, datasetId: request.datasetId, seed };
  await checkRuns(head, config);
  const prompts = await withFieldPaths(
    (path) => path.replace(/^filter\./, "prompts."),
    async () => promptSetSelection(config),
  );

  return inTransaction(async (tx) => {
    const db = dbOn(tx);
    const experiment = await db
      .insertInto("Experiment")
      .values({ name: request.name, datasetId: request.datasetId, config: JSON.stringify(config), seed, createdById: userId ?? null })
      .onConflict((conflict) => conflict.column("name").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!experiment) throw ConflictError.about("name", `there is already an experiment named "${request.name}"`);
    await db
      .insertInto("ExperimentArm")
      .values(request.arms.map((arm, position) => ({ experimentId: experiment.id, name: arm.name, position })))
      .execute();
    const inserted = await sql`INSERT INTO "ExperimentPrompt" ("experimentId", "promptId") SELECT ${experiment.id}, s.id FROM (${prompts}) s`.execute(db);
    const count = Number(inserted.numAffectedRows ?? 0);
    if (count === 0) throw UserError.about("prompts", "no prompt of the dataset is in the prompt set: nothing to compare");
    if (config.prompts.kind === "sample" && count < config.prompts.n) {
      throw UserError.about("prompts.n", `the dataset has ${count} prompts, fewer than the ${config.prompts.n} to sample`);
    }
    await recordAudit(tx, { userId, action: "experiment.create", entityType: "experiment", entityId: experiment.id, after: { prompts: count, config } });
    return { id: experiment.id, name: request.name, seed, prompts: count, arms: request.arms.map((arm) => arm.name) };
  });
}

/** Each arm's SL-CAI run, the judging run and the scoring run, checked as their kinds check them; every refusal at once. */
async function checkRuns(head: ExperimentHead, config: ExperimentConfig): Promise<void> {
  const checks = [
    ...config.arms.map((arm, index) => withFieldPaths(under(`arms.${index}`), () => runKinds.SL_CAI.prepare(armRunRequest(head, arm)))),
    withFieldPaths(under("judge"), () => runKinds.LABEL.prepare(judgeRunRequest(head, config))),
    ...(config.score ? [withFieldPaths(under("score"), () => runKinds.SCORE.prepare(scoreRunRequest(head, config.score!)))] : []),
  ];
  const fields: FieldIssue[] = [];
  for (const outcome of await Promise.allSettled(checks)) {
    if (outcome.status === "fulfilled") continue;
    if (!(outcome.reason instanceof UserError)) throw outcome.reason;
    fields.push(...outcome.reason.fields);
  }
  // the dataset is named once, however many runs refused it
  const unique = fields.filter((field, index) => fields.findIndex((f) => f.path === field.path && f.message === field.message) === index);
  if (unique.length > 0) throw UserError.ofFields(unique);
}

/** The prompt set's ids: the dataset's prompts, those a filter keeps, or a seeded sample (ordered by a hash of seed and id: the same seed draws the same prompts). */
function promptSetSelection(config: ExperimentConfig): RawBuilder<{ id: number }> {
  const { prompts, datasetId } = config;
  if (prompts.kind === "all") return sql<{ id: number }>`SELECT id FROM "Prompt" WHERE "datasetId" = ${datasetId}`;
  if (prompts.kind === "filter") return promptSelection(datasetId, { tag: prompts.tag, q: prompts.q, limit: prompts.limit }).query;
  return sql<{ id: number }>`SELECT id FROM "Prompt" WHERE "datasetId" = ${datasetId} ORDER BY md5(${prompts.seed}::text || ':' || id::text), id LIMIT ${prompts.n}`;
}
