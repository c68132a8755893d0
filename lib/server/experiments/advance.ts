import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { recordAudit, type Actor } from "../audit/record";
import { db, dbOn } from "../db";
import { UserError } from "../errors";
import { ensureQueue } from "../jobs/queue";
import { makePairs } from "../labels/pairs";
import { inTransaction } from "../pg";
import { runKinds } from "../runs/kinds/registry";
import { startRun, type PreparedRun } from "../runs/start";
import { makeArmsPairs } from "./arms-pairs";
import { under, withFieldPaths } from "./field-paths";
import { armRunRequest, judgeRunRequest, scoreRunRequest, type ExperimentHead } from "./run-requests";
import { experimentDetail, type ExperimentDetail } from "./status";

// Moving an experiment on: start the arms that have no run; once every arm's run has succeeded,
// make the cross-arm pairs and start the judging run over them (and the scoring run). Anyone may
// call it any time, as often as they like, at once: the worker when an arm's run ends and on every
// sweep (lib/server/experiments/steps.ts), `cai experiment run`, POST /api/experiments/[id]/run.
//
// Each step is checked first, with no transaction open (the embedded database serves one
// transaction at a time, and the checks read through the pool), then written in one transaction
// that holds the experiment's row lock and looks again at what is still to do: two callers at once
// start each run once and make each pair once, and a run exists only together with the experiment
// row that points at it.

/** Moves the experiment on as far as its runs allow; answers where it is then. */
export async function advanceExperiment(experimentId: number, by: Actor = {}): Promise<ExperimentDetail> {
  const state = await experimentDetail(experimentId);
  const head: ExperimentHead = { id: state.id, name: state.name, datasetId: state.datasetId, seed: state.seed };
  if (state.phase === "failed") return state;

  const unstarted = state.arms.filter((arm) => arm.run === null);
  if (unstarted.length > 0) {
    const prepared = await Promise.all(
      unstarted.map((arm) => withFieldPaths(under(`arms.${arm.position}`), () => runKinds.SL_CAI.prepare(armRunRequest(head, state.config.arms[arm.position])))),
    );
    await locked(experimentId, async (tx) => {
      const stillUnstarted = new Set(
        (await dbOn(tx).selectFrom("ExperimentArm").select("id").where("experimentId", "=", experimentId).where("runId", "is", null).execute()).map((a) => a.id),
      );
      const started: { arm: string; runId: number }[] = [];
      for (const [index, arm] of unstarted.entries()) {
        if (!stillUnstarted.has(arm.id)) continue;
        const { runId } = await startRun(prepared[index].run, prepared[index].selection, by.userId ?? undefined, tx);
        await dbOn(tx).updateTable("ExperimentArm").set({ runId }).where("id", "=", arm.id).execute();
        started.push({ arm: arm.name, runId });
      }
      if (started.length > 0) await recordAudit(tx, { ...by, action: "experiment.arms", entityType: "experiment", entityId: experimentId, after: { started } });
    });
    return experimentDetail(experimentId);
  }

  const scored = state.config.score !== undefined;
  if (state.phase !== "arms done") return state;
  if (state.config.judge.revisions) {
    // each revision against the answer before it, in every arm's chains: the existing CHAIN pairs (made once)
    for (const arm of state.arms) await makePairs({ mode: "chain", datasetId: state.datasetId, runId: arm.run!.id, points: "consecutive" }, by);
  }
  const judge = state.judgeRun ? undefined : await withFieldPaths(under("judge"), () => runKinds.LABEL.prepare(judgeRunRequest(head, state.config)));
  const score = scored && !state.scoreRun ? await withFieldPaths(under("score"), () => runKinds.SCORE.prepare(scoreRunRequest(head, state.config.score!))) : undefined;
  await locked(experimentId, async (tx, current) => {
    const started: Record<string, number> = {};
    if (judge && current.judgeRunId === null) {
      const pairs = await makeArmsPairs(tx, experimentId);
      if (pairs === 0) throw new UserError(`experiment "${state.name}": no prompt has final answers from two arms, so there is nothing to judge`);
      started.judgeRunId = await startOn(tx, judge, by);
      await dbOn(tx).updateTable("Experiment").set({ judgeRunId: started.judgeRunId }).where("id", "=", experimentId).execute();
    }
    if (score && current.scoreRunId === null) {
      started.scoreRunId = await startOn(tx, score, by);
      await dbOn(tx).updateTable("Experiment").set({ scoreRunId: started.scoreRunId }).where("id", "=", experimentId).execute();
    }
    if (Object.keys(started).length > 0) await recordAudit(tx, { ...by, action: "experiment.judge", entityType: "experiment", entityId: experimentId, after: started });
  });
  return experimentDetail(experimentId);
}

async function startOn(tx: pg.ClientBase, prepared: PreparedRun, by: Actor): Promise<number> {
  return (await startRun(prepared.run, prepared.selection, by.userId ?? undefined, tx)).runId;
}

/** Runs `work` in a transaction holding the experiment's row lock, with the row as it is now. */
async function locked(experimentId: number, work: (tx: pg.ClientBase, current: { judgeRunId: number | null; scoreRunId: number | null }) => Promise<void>): Promise<void> {
  // pg-boss makes the run-item queue on a connection of its own: before the transaction, not inside it
  await ensureQueue();
  await inTransaction(async (tx) => {
    // NO KEY UPDATE: the rows inserted meanwhile that point at the experiment (pairs) take KEY SHARE, which this lets through
    const current = await dbOn(tx).selectFrom("Experiment").select(["judgeRunId", "scoreRunId"]).where("id", "=", experimentId).forNoKeyUpdate().executeTakeFirstOrThrow();
    await work(tx, current);
  });
}

/** Moves on the experiments whose arm runs these are (the worker calls it when runs end). */
export async function advanceExperimentsOfRuns(runIds: number[], log: (message: string) => void = () => {}): Promise<void> {
  if (runIds.length === 0) return;
  const rows = await db.selectFrom("ExperimentArm").select("experimentId").distinct().where("runId", "in", runIds).execute();
  await advanceEach(
    rows.map((row) => row.experimentId),
    log,
  );
}

/**
 * Moves on every started experiment with a step waiting: an arm without a run, or every arm done
 * and no judging (or scoring) run yet. The worker's sweep calls it, so an experiment whose worker
 * died between an arm's run ending and the next step still moves on.
 */
export async function advanceStalledExperiments(log: (message: string) => void = () => {}): Promise<void> {
  const { rows } = await sql<{ id: number }>`
    SELECT e.id FROM "Experiment" e
    WHERE EXISTS (SELECT 1 FROM "ExperimentArm" a WHERE a."experimentId" = e.id AND a."runId" IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM "ExperimentArm" a JOIN "Run" r ON r.id = a."runId" WHERE a."experimentId" = e.id AND r.status IN ('FAILED', 'CANCELLED'))
      AND (
        EXISTS (SELECT 1 FROM "ExperimentArm" a WHERE a."experimentId" = e.id AND a."runId" IS NULL)
        OR ((e."judgeRunId" IS NULL OR (e.config->'score' IS NOT NULL AND e."scoreRunId" IS NULL))
          AND NOT EXISTS (SELECT 1 FROM "ExperimentArm" a JOIN "Run" r ON r.id = a."runId" WHERE a."experimentId" = e.id AND r.status <> 'SUCCEEDED'))
      )
    ORDER BY e.id`.execute(db);
  await advanceEach(
    rows.map((row) => row.id),
    log,
  );
}

/** One at a time; one that cannot move on (a refusal, a deleted endpoint) is logged and the rest go on. */
async function advanceEach(experimentIds: number[], log: (message: string) => void): Promise<void> {
  for (const id of experimentIds) {
    try {
      await advanceExperiment(id);
    } catch (error) {
      log(`experiment ${id}: ${(error as Error).message}`);
    }
  }
}
