import "server-only";
import { sql } from "kysely";
import { experimentConfigSchema, type ExperimentConfig, type ExperimentPhase } from "@/lib/schemas/experiments";
import type { RunProgress } from "@/lib/schemas/runs";
import { db } from "../db";
import { NotFoundError } from "../errors";

// Where experiments are, read from their runs: each arm's SL-CAI run, then the judging run (and the
// scoring run). An experiment has no status column of its own: its phase follows from its runs,
// so it can never disagree with them.

export interface ExperimentRunState {
  id: number;
  status: RunProgress["status"];
  total: number;
  done: number;
  failed: number;
  cancelled: number;
}

export interface ExperimentArmState {
  id: number;
  name: string;
  position: number;
  run: ExperimentRunState | null;
}

export interface ExperimentState {
  id: number;
  name: string;
  datasetId: number;
  dataset: string;
  seed: number;
  createdAt: Date;
  prompts: number;
  /** ARMS pairs made so far (once every arm has finished) */
  pairs: number;
  arms: ExperimentArmState[];
  judgeRun: ExperimentRunState | null;
  scoreRun: ExperimentRunState | null;
  phase: ExperimentPhase;
  /** what the phase means here: "arm v2's run failed", "1 of 2 arms done" */
  message: string;
}

export interface ExperimentDetail extends ExperimentState {
  config: ExperimentConfig;
}

const ENDED_BADLY = new Set(["FAILED", "CANCELLED"]);

/** The phase and its message, from the runs. */
export function experimentPhase(
  arms: ExperimentArmState[],
  judgeRun: ExperimentRunState | null,
  scoreRun: ExperimentRunState | null,
  scored: boolean,
): { phase: ExperimentPhase; message: string } {
  const how = (run: ExperimentRunState) => (run.status === "FAILED" ? "failed" : "was cancelled");
  const badArm = arms.find((arm) => arm.run && ENDED_BADLY.has(arm.run.status));
  if (badArm) return { phase: "failed", message: `arm ${badArm.name}'s run ${how(badArm.run!)}` };
  if (arms.every((arm) => !arm.run)) return { phase: "not started", message: "no arm has started: run the experiment" };
  const done = arms.filter((arm) => arm.run?.status === "SUCCEEDED").length;
  if (done < arms.length) {
    const paused = arms.filter((arm) => arm.run?.status === "PAUSED").map((arm) => arm.name);
    return { phase: "arms running", message: `${done} of ${arms.length} arms done${paused.length ? `; paused: ${paused.join(", ")}` : ""}` };
  }
  if (judgeRun && ENDED_BADLY.has(judgeRun.status)) return { phase: "failed", message: `the judging run ${how(judgeRun)}` };
  if (scoreRun && ENDED_BADLY.has(scoreRun.status)) return { phase: "failed", message: `the scoring run ${how(scoreRun)}` };
  if (!judgeRun || (scored && !scoreRun)) return { phase: "arms done", message: "every arm is done; the judging has not started yet" };
  const pending = [judgeRun, scoreRun].filter((run) => run && run.status !== "SUCCEEDED");
  if (pending.length > 0) return { phase: "judging", message: `${judgeRun.done + judgeRun.failed} of ${judgeRun.total} pairs judged` };
  return { phase: "done", message: `${judgeRun.done} pairs judged` };
}

/** The experiments, newest first. */
export async function listExperiments(): Promise<ExperimentState[]> {
  const rows = await experimentRows().orderBy("e.id", "desc").limit(200).execute();
  return withRuns(rows);
}

/** Where one experiment is (its report's heading). */
export async function experimentState(id: number): Promise<ExperimentState> {
  const row = await experimentRows().where("e.id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError(`there is no experiment ${id}`);
  const [state] = await withRuns([row]);
  return state;
}

/** One experiment, by id, with its config. */
export async function experimentDetail(id: number): Promise<ExperimentDetail> {
  const row = await experimentRows().select("e.config").where("e.id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError(`there is no experiment ${id}`);
  const [state] = await withRuns([row]);
  return { ...state, config: experimentConfigSchema.parse(row.config) };
}

/** The id of the experiment with this name (or this id). */
export async function experimentIdByName(nameOrId: string): Promise<number> {
  const row = await db
    .selectFrom("Experiment")
    .select("id")
    .where(sql<boolean>`name = ${nameOrId} OR id::text = ${nameOrId}`)
    .orderBy(sql`name = ${nameOrId}`, "desc")
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`there is no experiment "${nameOrId}"`);
  return row.id;
}

function experimentRows() {
  return db
    .selectFrom("Experiment as e")
    .innerJoin("Dataset as d", "d.id", "e.datasetId")
    .select([
      "e.id",
      "e.name",
      "e.datasetId",
      "d.name as dataset",
      "e.seed",
      "e.createdAt",
      "e.judgeRunId",
      "e.scoreRunId",
      sql<boolean>`e.config->'score' IS NOT NULL`.as("scored"),
      (eb) =>
        eb
          .selectFrom("ExperimentPrompt")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("experimentId", "=", "e.id")
          .as("prompts"),
      (eb) =>
        eb
          .selectFrom("ExperimentPair")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("experimentId", "=", "e.id")
          .as("pairs"),
      (eb) =>
        eb
          .selectFrom("ExperimentArm as a")
          .select(
            sql<
              { id: number; name: string; position: number; runId: number | null }[]
            >`json_agg(json_build_object('id', a.id, 'name', a.name, 'position', a.position, 'runId', a."runId") ORDER BY a.position)`.as("arms"),
          )
          .whereRef("a.experimentId", "=", "e.id")
          .as("arms"),
    ]);
}

type ExperimentRow = Awaited<ReturnType<ReturnType<typeof experimentRows>["execute"]>>[number];

async function withRuns(rows: ExperimentRow[]): Promise<ExperimentState[]> {
  const runIds = rows.flatMap((row) => [...(row.arms ?? []).map((arm) => arm.runId), row.judgeRunId, row.scoreRunId]).filter((id): id is number => id !== null);
  const runs = await runStates(runIds);
  return rows.map((row) => {
    const arms = (row.arms ?? []).map(({ runId, ...arm }) => ({ ...arm, run: runId === null ? null : (runs.get(runId) ?? null) }));
    const judgeRun = row.judgeRunId === null ? null : (runs.get(row.judgeRunId) ?? null);
    const scoreRun = row.scoreRunId === null ? null : (runs.get(row.scoreRunId) ?? null);
    return {
      id: row.id,
      name: row.name,
      datasetId: row.datasetId,
      dataset: row.dataset,
      seed: row.seed,
      createdAt: row.createdAt,
      prompts: row.prompts ?? 0,
      pairs: row.pairs ?? 0,
      arms,
      judgeRun,
      scoreRun,
      ...experimentPhase(arms, judgeRun, scoreRun, row.scored),
    };
  });
}

/** Each run's status and item counts. */
async function runStates(runIds: number[]): Promise<Map<number, ExperimentRunState>> {
  if (runIds.length === 0) return new Map();
  const { rows } = await sql<ExperimentRunState>`
    SELECT r.id, r.status, count(i.id)::int AS total,
      (count(*) FILTER (WHERE i.status = 'DONE'))::int AS done,
      (count(*) FILTER (WHERE i.status = 'FAILED'))::int AS failed,
      (count(*) FILTER (WHERE i.status = 'CANCELLED'))::int AS cancelled
    FROM "Run" r LEFT JOIN "RunItem" i ON i."runId" = r.id
    WHERE r.id = ANY(${runIds}::int[]) GROUP BY r.id`.execute(db);
  return new Map(rows.map((row) => [row.id, row]));
}
