import "server-only";
import type { ExperimentStage, RunRef } from "@/lib/schemas/experiment-report";

// Where an experiment is, from its runs' states: what the report and the list say above the numbers.

/** The first stage not done yet; a failed or cancelled run stops the experiment where it is. */
export function stageOf(arms: { run: Pick<RunRef, "status"> | null }[], judgeRun: Pick<RunRef, "status"> | null, scoreRun: Pick<RunRef, "status"> | null): ExperimentStage {
  const runs = [...arms.map((arm) => arm.run), judgeRun, scoreRun].filter((run) => run !== null);
  if (runs.some((run) => run.status === "FAILED" || run.status === "CANCELLED")) return "stopped";
  if (arms.length === 0 || arms.some((arm) => arm.run === null)) return "not started";
  if (arms.some((arm) => arm.run!.status !== "SUCCEEDED")) return "arms running";
  if (!judgeRun || judgeRun.status !== "SUCCEEDED") return "judging";
  if (scoreRun && scoreRun.status !== "SUCCEEDED") return "scoring";
  return "complete";
}
