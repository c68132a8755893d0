import "server-only";
import type { ExperimentArmRequest, ExperimentConfig } from "@/lib/schemas/experiments";
import { labelRunRequestSchema, type LabelRunRequest } from "@/lib/schemas/labels";
import { slRunRequestSchema, type SlRunRequest } from "@/lib/schemas/runs";
import { scoreRunRequestSchema, type ScoreRunRequest } from "@/lib/schemas/scores";

// The ordinary run requests an experiment starts: each arm's SL-CAI run over the experiment's prompt
// set, the judging labeling run over its pairs, the scoring run over its arms' chains. Made the same
// way when the experiment is created (to check them) and when its runs start.

export interface ExperimentHead {
  /** undefined while the experiment is being created: the checks do not read the selection */
  id?: number;
  name: string;
  datasetId: number;
  seed: number;
}

const RUN_NAME_LENGTH = 200;

function runName(experiment: ExperimentHead, part: string): string {
  return `${experiment.name} · ${part}`.slice(0, RUN_NAME_LENGTH);
}

/** An arm's SL-CAI run: exactly the experiment's prompts, and (uniform draws) the experiment's seed, which every arm shares. */
export function armRunRequest(experiment: ExperimentHead, arm: ExperimentArmRequest): SlRunRequest {
  return slRunRequestSchema.parse({
    name: runName(experiment, arm.name),
    datasetId: experiment.datasetId,
    filter: { experimentId: experiment.id, withoutChains: false },
    endpointId: arm.endpointId,
    constitutionVersionId: arm.constitutionVersionId,
    revisions: arm.revisions,
    sampling: arm.sampling.mode === "uniform" ? { mode: "uniform", seed: experiment.seed } : { mode: "fixed" },
    fewShot: arm.fewShot,
    promptFormat: arm.promptFormat,
    reuseExistingResponse: arm.reuseExistingResponse,
    params: arm.params,
    concurrency: arm.concurrency,
  });
}

/**
 * The judging run: the experiment's ARMS pairs (and, with judge.revisions, its CHAIN pairs), each in
 * both orders, under preference principles drawn with the experiment's seed.
 */
export function judgeRunRequest(experiment: ExperimentHead, config: Pick<ExperimentConfig, "judge">): LabelRunRequest {
  const { revisions, ...judge } = config.judge;
  return labelRunRequestSchema.parse({
    ...judge,
    name: runName(experiment, "judge"),
    datasetId: experiment.datasetId,
    pairs: { experimentId: experiment.id, source: revisions ? undefined : "ARMS", unjudgedOnly: false },
    seed: experiment.seed,
    bothOrders: true,
  });
}

/** The scoring run: every answer of the arms' chains, the initial one and each revision. */
export function scoreRunRequest(experiment: ExperimentHead, score: NonNullable<ExperimentConfig["score"]>): ScoreRunRequest {
  return scoreRunRequestSchema.parse({
    name: runName(experiment, "scores"),
    datasetId: experiment.datasetId,
    endpointId: score.endpointId,
    over: "chains",
    experimentId: experiment.id,
    scoreName: score.scoreName,
    concurrency: score.concurrency,
  });
}
