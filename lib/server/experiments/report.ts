import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { comparePair, DEFAULT_RESAMPLES, failureModes, principleEffects, rankArms, type PairedPrompt, type PairReport, type RevisionOutcome } from "@/lib/cai/experiments";
import type { ArmPrinciples, ExperimentReport, ExperimentStage, PairSection, PrincipleRow, ReportArm, RunRef, RunStatusName } from "@/lib/schemas/experiment-report";
import { db, prisma } from "../db";
import { NotFoundError } from "../errors";
import { comparisonsHref, experimentHref, pairOutcomeHref, principleRevisionPairsHref, principleScoresHref, promptHref, runHref } from "./links";

// An experiment's report (issue 15): the rows its arms' runs, its judging run and its scoring run
// wrote, read in four set-based statements (the arms' final answers, the cross-arm pairs with their
// verdicts, every chain step with its score change and revision verdict, the prompt count), and
// given to the pure statistics of lib/cai/experiments. No statement is per prompt: at 10,000
// prompts x 2 arms x 4 revisions the whole report takes well under a second (scripts/bench).
//
// What is read as what:
//   - an arm's final answer to a prompt is the last step's revision of its run's chain (the initial
//     response when the chain has no step), as the pairs were made from;
//   - each pair of arms is reported from the later arm's side (arm Y, response B, against arm X,
//     response A): its P(better) is 1 - the judging run's pAUsed, its length and score Y's;
//   - a revision's win against the answer before it is the judging run's verdict on the CHAIN pair
//     of the two (either order: lib/server/labels/pairs.ts decides A by a hash), when the
//     experiment's config asked for revisions to be judged (judge.revisions);
//   - scores are the scoring run's (its config's scoreName), the newest per answer.
// The bootstrap seed is the experiment's unless the caller gives one: the same rows and seed give
// the same report, number for number.

export interface ReportOptions {
  seed?: number;
  resamples?: number;
}

/** The strongest wins and losses of a pair listed for reading side by side. */
const EXAMPLES_PER_SIDE = 5;

const configSchema = z.object({ judge: z.object({ revisions: z.boolean().optional() }).optional() }).catch({});
const scoreConfigSchema = z.object({ scoreName: z.string().optional() }).catch({});

export async function experimentReport(experimentId: number, options: ReportOptions = {}): Promise<ExperimentReport> {
  const experiment = await prisma.experiment.findUnique({
    where: { id: experimentId },
    select: {
      id: true,
      name: true,
      seed: true,
      config: true,
      createdAt: true,
      dataset: { select: { id: true, name: true } },
      judgeRun: { select: runSelect },
      scoreRun: { select: { ...runSelect, config: true } },
      arms: { orderBy: { position: "asc" }, select: { id: true, name: true, position: true, run: { select: runSelect } } },
    },
  });
  if (!experiment) throw new NotFoundError(`there is no experiment ${experimentId}`);
  const seed = options.seed ?? experiment.seed;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const judgeRunId = experiment.judgeRun?.id ?? null;
  const scoreRunId = experiment.scoreRun?.id ?? null;
  const revisionsJudged = configSchema.parse(experiment.config).judge?.revisions === true;
  const scoreName = experiment.scoreRun ? (scoreConfigSchema.parse(experiment.scoreRun.config).scoreName ?? null) : null;

  const [finals, pairs, steps, prompts] = await Promise.all([
    readFinalAnswers(experimentId, scoreRunId),
    readPairs(experimentId, judgeRunId),
    readSteps(experimentId, scoreRunId, revisionsJudged ? judgeRunId : null),
    db
      .selectFrom("ExperimentPrompt")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("experimentId", "=", experimentId)
      .executeTakeFirstOrThrow(),
  ]);
  const principleIds = [...new Set(steps.map((step) => step.principleId))];
  const principles =
    principleIds.length === 0 ? [] : await db.selectFrom("Principle").select(["id", "key", "position"]).where("id", "in", principleIds).orderBy("position").orderBy("id").execute();

  const armOf = new Map(experiment.arms.map((arm) => [arm.id, arm]));
  const finalsByArm = new Map<number, Map<number, FinalAnswer>>(experiment.arms.map((arm) => [arm.id, new Map()]));
  for (const answer of finals) finalsByArm.get(answer.armId)?.set(answer.promptId, answer);

  const arms: ReportArm[] = experiment.arms.map((arm) => ({ id: arm.id, name: arm.name, position: arm.position, run: runRef(arm.run), answers: finalsByArm.get(arm.id)!.size }));
  const pairSections = pairGroups(pairs).map(({ armX, armY, rows }) =>
    pairSection(experimentId, armOf.get(armX)!, armOf.get(armY)!, rows, finalsByArm, { seed, resamples, scored: scoreRunId !== null, scoreRunId }),
  );
  const ranking = arms.length > 2 ? rankPairs(pairSections, arms) : null;

  const judged = pairs.filter((pair) => pair.pA !== null).length;
  return {
    experiment: {
      id: experiment.id,
      name: experiment.name,
      dataset: experiment.dataset,
      createdAt: experiment.createdAt.toISOString(),
      stage: stageOf(arms, runRef(experiment.judgeRun), runRef(experiment.scoreRun)),
      judgeRun: runRef(experiment.judgeRun),
      scoreRun: runRef(experiment.scoreRun),
      scoreName,
      revisionsJudged,
      href: experimentHref(experiment.id),
    },
    options: { seed, resamples },
    arms,
    counts: {
      prompts: { value: prompts.n, href: null },
      pairs: { value: pairs.length, href: comparisonsHref({ experiment: experimentId }) },
      pairsJudged: { value: judged, href: comparisonsHref({ experiment: experimentId, judged: "yes" }) },
      pairsMissingVerdict: { value: pairs.length - judged, href: comparisonsHref({ experiment: experimentId, judged: "no" }) },
    },
    pairs: pairSections,
    ranking,
    principles: armPrinciples(experiment.arms, steps, principles, scoreName),
    failureModes: armFailureModes(experiment.arms, finalsByArm, seed),
  };
}

// ---------------------------------------------------------------- reading

const runSelect = { id: true, name: true, status: true } as const;

function runRef(run: { id: number; name: string; status: RunStatusName } | null): RunRef | null {
  return run ? { id: run.id, name: run.name, status: run.status, href: runHref(run.id) } : null;
}

interface FinalAnswer {
  armId: number;
  promptId: number;
  chainId: number;
  text: string;
  score: number | null;
}

/** Each arm's final answer per prompt of the experiment, with its score of the scoring run. */
async function readFinalAnswers(experimentId: number, scoreRunId: number | null): Promise<FinalAnswer[]> {
  const score = scoreRunId === null ? sql`NULL::float8` : sql`(SELECT sc.value FROM "Score" sc WHERE sc."responseId" = f.id AND sc."runId" = ${scoreRunId} ORDER BY sc.id DESC LIMIT 1)`;
  const { rows } = await sql<FinalAnswer>`
    SELECT a.id AS "armId", c."promptId", c.id AS "chainId", f.text, ${score} AS score
      FROM "ExperimentArm" a
      JOIN "Chain" c ON c."runId" = a."runId"
      LEFT JOIN LATERAL (SELECT s."revisionId" FROM "ChainStep" s WHERE s."chainId" = c.id ORDER BY s.index DESC LIMIT 1) last ON true
      JOIN "Response" f ON f.id = coalesce(last."revisionId", c."initialResponseId")
     WHERE a."experimentId" = ${experimentId}
       AND c."promptId" IN (SELECT p."promptId" FROM "ExperimentPrompt" p WHERE p."experimentId" = ${experimentId})
     ORDER BY a.position, c."promptId"`.execute(db);
  return rows;
}

interface PairRow {
  armX: number;
  armY: number;
  promptId: number;
  comparisonId: number;
  /** the judging run's P(response A = arm X's answer is better); null: no verdict yet */
  pA: number | null;
}

async function readPairs(experimentId: number, judgeRunId: number | null): Promise<PairRow[]> {
  const { rows } = await sql<PairRow>`
    SELECT e."armXId" AS "armX", e."armYId" AS "armY", e."promptId", e."comparisonId", v."pAUsed" AS "pA"
      FROM "ExperimentPair" e
      LEFT JOIN "AiVerdict" v ON v."comparisonId" = e."comparisonId" AND v."runId" = ${judgeRunId}
     WHERE e."experimentId" = ${experimentId}
     ORDER BY e."armXId", e."armYId", e."promptId"`.execute(db);
  return rows;
}

interface StepRow {
  armId: number;
  principleId: number;
  /** score(revision) - score(the answer it revised); null unless both are scored */
  change: number | null;
  /** the judging run's P(the revision is better than the answer before it); null: not judged */
  pRevision: number | null;
}

/** Every chain step of the arms, with its score change and its revision's verdict. */
async function readSteps(experimentId: number, scoreRunId: number | null, judgeRunId: number | null): Promise<StepRow[]> {
  const scoreOf = (response: ReturnType<typeof sql>) => sql`(SELECT sc.value FROM "Score" sc WHERE sc."responseId" = ${response} AND sc."runId" = ${scoreRunId} ORDER BY sc.id DESC LIMIT 1)`;
  const change = scoreRunId === null ? sql`NULL::float8` : sql`${scoreOf(sql`s."revisionId"`)} - ${scoreOf(sql`w.before`)}`;
  // the CHAIN pair of the two answers, either way round, and the judging run's verdict on it
  const verdict =
    judgeRunId === null
      ? { select: sql`NULL::float8`, joins: sql`` }
      : {
          select: sql`coalesce(1 - v1."pAUsed", v2."pAUsed")`,
          joins: sql`
            LEFT JOIN "Comparison" k1 ON k1."promptId" = c."promptId" AND k1."responseAId" = w.before AND k1."responseBId" = s."revisionId"
            LEFT JOIN "Comparison" k2 ON k2."promptId" = c."promptId" AND k2."responseAId" = s."revisionId" AND k2."responseBId" = w.before
            LEFT JOIN "AiVerdict" v1 ON v1."runId" = ${judgeRunId} AND v1."comparisonId" = k1.id
            LEFT JOIN "AiVerdict" v2 ON v2."runId" = ${judgeRunId} AND v2."comparisonId" = k2.id`,
        };
  const { rows } = await sql<StepRow>`
    SELECT a.id AS "armId", s."principleId", ${change} AS change, ${verdict.select} AS "pRevision"
      FROM "ExperimentArm" a
      JOIN "Chain" c ON c."runId" = a."runId"
      JOIN "ChainStep" s ON s."chainId" = c.id
      LEFT JOIN "ChainStep" b ON b."chainId" = c.id AND b.index = s.index - 1
      CROSS JOIN LATERAL (SELECT coalesce(b."revisionId", c."initialResponseId") AS before) w
      ${verdict.joins}
     WHERE a."experimentId" = ${experimentId}
       AND c."promptId" IN (SELECT p."promptId" FROM "ExperimentPrompt" p WHERE p."experimentId" = ${experimentId})
     ORDER BY a.position, c."promptId", s.index`.execute(db);
  return rows;
}

// ---------------------------------------------------------------- statistics

type Arm = { id: number; name: string; position: number; run: { id: number } | null };

/** The pairs per (arm X, arm Y), in the arms' order. */
function pairGroups(pairs: PairRow[]): { armX: number; armY: number; rows: PairRow[] }[] {
  const groups: { armX: number; armY: number; rows: PairRow[] }[] = [];
  for (const pair of pairs) {
    const last = groups.at(-1);
    if (last && last.armX === pair.armX && last.armY === pair.armY) last.rows.push(pair);
    else groups.push({ armX: pair.armX, armY: pair.armY, rows: [pair] });
  }
  return groups;
}

function pairSection(
  experimentId: number,
  armX: Arm,
  armY: Arm,
  rows: PairRow[],
  finalsByArm: Map<number, Map<number, FinalAnswer>>,
  options: { seed: number; resamples: number; scored: boolean; scoreRunId: number | null },
): PairSection {
  const answersX = finalsByArm.get(armX.id)!;
  const answersY = finalsByArm.get(armY.id)!;
  // from arm Y's side: Y is response B
  const prompts: PairedPrompt[] = rows.map((row) => {
    const x = answersX.get(row.promptId);
    const y = answersY.get(row.promptId);
    return { pX: row.pA === null ? null : 1 - row.pA, lengthX: y?.text.length ?? 0, lengthY: x?.text.length ?? 0, scoreX: y?.score ?? null, scoreY: x?.score ?? null };
  });
  const report: PairReport = comparePair(prompts, { seed: options.seed, resamples: options.resamples });
  const { winRate, lengthControlled, scoreDelta } = report;
  const all = pairOutcomeHref(experimentId, armX.id, armY.id);
  return {
    arm: { id: armY.id, name: armY.name },
    opponent: { id: armX.id, name: armX.name },
    prompts: rows.length,
    missing: { value: rows.length - winRate.n, href: pairOutcomeHref(experimentId, armX.id, armY.id, "missing") },
    wins: { value: winRate.wins, href: pairOutcomeHref(experimentId, armX.id, armY.id, "win") },
    ties: { value: winRate.ties, href: pairOutcomeHref(experimentId, armX.id, armY.id, "tie") },
    losses: { value: winRate.losses, href: pairOutcomeHref(experimentId, armX.id, armY.id, "loss") },
    winRate: { n: winRate.n, value: winRate.winRate, interval: winRate.interval, meanPreference: winRate.meanPreference, p: winRate.signTest.p, href: all },
    lengthControlled: { n: lengthControlled.n, value: lengthControlled.winRate, interval: lengthControlled.interval, slope: lengthControlled.slope, href: all },
    scoreDelta: options.scored
      ? { n: scoreDelta.n, mean: scoreDelta.mean, interval: scoreDelta.interval, wilcoxon: scoreDelta.wilcoxon, href: options.scoreRunId === null ? null : runHref(options.scoreRunId) }
      : null,
    pHolm: null,
    examples: examples(experimentId, rows, prompts),
  };
}

function examples(experimentId: number, rows: PairRow[], prompts: PairedPrompt[]): PairSection["examples"] {
  const judged = rows.flatMap((row, i) => (prompts[i].pX === null ? [] : [{ promptId: row.promptId, pArm: prompts[i].pX! }]));
  const byPreference = judged.toSorted((a, b) => b.pArm - a.pArm || a.promptId - b.promptId);
  const wins = byPreference.filter((e) => e.pArm > 0.5).slice(0, EXAMPLES_PER_SIDE);
  const losses = byPreference
    .filter((e) => e.pArm < 0.5)
    .reverse()
    .slice(0, EXAMPLES_PER_SIDE);
  return [...wins, ...losses].map((e) => ({ ...e, href: promptHref(experimentId, e.promptId) }));
}

/** Bradley-Terry over every pair's counts, and each pair's sign test p Holm-adjusted over the pairs. */
function rankPairs(sections: PairSection[], arms: ReportArm[]): NonNullable<ExperimentReport["ranking"]> {
  const ranking = rankArms(sections.map((s) => ({ x: s.arm.name, y: s.opponent.name, wins: s.wins.value, ties: s.ties.value, losses: s.losses.value })));
  sections.forEach((section, i) => (section.pHolm = ranking.pairs[i].pHolm));
  const idOf = new Map(arms.map((arm) => [arm.name, arm.id]));
  return {
    arms: ranking.arms.map((a) => ({ armId: idOf.get(a.arm)!, arm: a.arm, strength: Number.isFinite(a.strength) ? a.strength : null, rank: Number.isFinite(a.rank) ? a.rank : null })),
    converged: ranking.converged,
  };
}

function armPrinciples(arms: Arm[], steps: StepRow[], principles: { id: number; key: string; position: number }[], scoreName: string | null): ArmPrinciples[] {
  const byArm = new Map<number, RevisionOutcome[]>(arms.map((arm) => [arm.id, []]));
  for (const step of steps) byArm.get(step.armId)?.push({ principle: String(step.principleId), scoreChange: step.change, pRevisionBetter: step.pRevision });
  const order = new Map(principles.map((p, i) => [p.id, i]));
  const keyOf = new Map(principles.map((p) => [p.id, p.key]));
  return arms.map((arm) => {
    const rows: PrincipleRow[] = principleEffects(byArm.get(arm.id)!).map((effect) => {
      const principleId = Number(effect.principle);
      return {
        principleId,
        key: keyOf.get(principleId) ?? `#${principleId}`,
        revisions: effect.revisions,
        scoreChange: { ...effect.scoreChange, href: arm.run && scoreName !== null && effect.scoreChange.n > 0 ? principleScoresHref(arm.run.id, principleId, scoreName) : null },
        revisionWins: effect.revisionWins && arm.run ? { ...effect.revisionWins, href: principleRevisionPairsHref(arm.run.id, principleId) } : null,
        flag: effect.flag,
        scoreFlag: effect.scoreFlag,
        winFlag: effect.winFlag,
      };
    });
    rows.sort((a, b) => (order.get(a.principleId) ?? 0) - (order.get(b.principleId) ?? 0));
    return { armId: arm.id, arm: arm.name, principles: rows };
  });
}

function armFailureModes(arms: Arm[], finalsByArm: Map<number, Map<number, FinalAnswer>>, seed: number): ExperimentReport["failureModes"] {
  const modes = failureModes(
    arms.map((arm) => ({ arm: arm.name, texts: [...finalsByArm.get(arm.id)!.values()].map((answer) => answer.text) })),
    { seed },
  );
  return {
    arms: modes.arms.map((row, i) => ({ armId: arms[i].id, ...row, href: arms[i].run ? runHref(arms[i].run!.id) : null })),
    phrases: modes.phrases,
  };
}

/** The first stage not done yet; a failed or cancelled run stops the experiment where it is. */
function stageOf(arms: ReportArm[], judgeRun: RunRef | null, scoreRun: RunRef | null): ExperimentStage {
  const runs = [...arms.map((arm) => arm.run), judgeRun, scoreRun].filter((run) => run !== null);
  if (runs.some((run) => run.status === "FAILED" || run.status === "CANCELLED")) return "stopped";
  if (arms.length === 0 || arms.some((arm) => arm.run === null)) return "not started";
  if (arms.some((arm) => arm.run!.status !== "SUCCEEDED")) return "arms running";
  if (!judgeRun || judgeRun.status !== "SUCCEEDED") return "judging";
  if (scoreRun && scoreRun.status !== "SUCCEEDED") return "scoring";
  return "complete";
}
