import "server-only";
import { sql } from "kysely";
import type { Turn } from "@/lib/formats/records";
import { db } from "../db";
import { finalAnswer } from "./pair-sets";
import { chainHref, comparisonHref, experimentHref, runHref } from "./links";

// One prompt of an experiment, for reading its arms side by side: each arm's final answer (the
// last revision of the arm's chain, as the pairs were made from), with a link to the chain, and the
// judging run's verdict on each pair of arms. Model output is returned as text; the page renders
// it as text.

export interface ExperimentPromptView {
  experiment: { id: number; name: string; href: string };
  prompt: { id: number; turns: Turn[] };
  arms: { id: number; name: string; runHref: string | null; chainId: number | null; chainHref: string | null; answer: string | null; revisions: number }[];
  pairs: { armX: number; armY: number; comparisonId: number; comparisonHref: string; pA: number | null }[];
}

export async function experimentPrompt(experimentId: number, promptId: number): Promise<ExperimentPromptView | null> {
  const experiment = await db
    .selectFrom("Experiment as e")
    .innerJoin("ExperimentPrompt as p", (join) => join.onRef("p.experimentId", "=", "e.id").on("p.promptId", "=", promptId))
    .innerJoin("Prompt as q", "q.id", "p.promptId")
    .select(["e.id", "e.name", "e.judgeRunId", "q.turns"])
    .where("e.id", "=", experimentId)
    .executeTakeFirst();
  if (!experiment) return null;
  const final = finalAnswer("c");
  const [arms, pairs] = await Promise.all([
    sql<{ id: number; name: string; runId: number | null; chainId: number | null; answer: string | null; revisions: number }>`
      SELECT a.id, a.name, a."runId", c.id AS "chainId", f.text AS answer, ${final.revisions} AS revisions
        FROM "ExperimentArm" a
        LEFT JOIN "Chain" c ON c."runId" = a."runId" AND c."promptId" = ${promptId}
        ${final.join}
        LEFT JOIN "Response" f ON f.id = ${final.id}
       WHERE a."experimentId" = ${experimentId}
       ORDER BY a.position`.execute(db),
    sql<{ armX: number; armY: number; comparisonId: number; pA: number | null }>`
      SELECT e."armXId" AS "armX", e."armYId" AS "armY", e."comparisonId", v."pAUsed" AS "pA"
        FROM "ExperimentPair" e LEFT JOIN "AiVerdict" v ON v."comparisonId" = e."comparisonId" AND v."runId" = ${experiment.judgeRunId}
       WHERE e."experimentId" = ${experimentId} AND e."promptId" = ${promptId}
       ORDER BY e."armXId", e."armYId"`.execute(db),
  ]);
  return {
    experiment: { id: experiment.id, name: experiment.name, href: experimentHref(experiment.id) },
    prompt: { id: promptId, turns: experiment.turns as unknown as Turn[] },
    arms: arms.rows.map((arm) => ({
      ...arm,
      runHref: arm.runId === null ? null : runHref(arm.runId),
      chainHref: arm.chainId === null ? null : chainHref(arm.chainId),
    })),
    pairs: pairs.rows.map((pair) => ({ ...pair, comparisonHref: comparisonHref(pair.comparisonId) })),
  };
}
