import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { comparePair, DEFAULT_RESAMPLES, failureModes, principleEffects, rankArms, type PairedPrompt, type PairReport, type RevisionOutcome } from "@/lib/cai/experiments";
import type { ArmPrinciples, ExperimentReport, PairSection, PrincipleRow, ReportArm, RunRef, RunStatusName } from "@/lib/schemas/experiment-report";
import { db, prisma, utc } from "../db";
import { NotFoundError } from "../errors";
import { finalAnswer } from "./pair-sets";
import { experimentState } from "./status";
import { comparisonsHref, experimentHref, pairOutcomeHref, principleRevisionPairsHref, principleScoresHref, promptHref, runHref } from "./links";

// An experiment's report (issue 15): the rows its arms' runs, its judging run and its scoring run
// wrote, read in four set-based statements (the arms' final answers, the cross-arm pairs with their
// verdicts, every chain step's score change and revision verdict grouped per arm and principle,
// the prompt count), and given to the pure statistics of lib/cai/experiments. No statement is per
// prompt. The pairs' statistics (the bootstrap, most of the work) are computed while the database
// still works on the steps: at 10,000 prompts x 2 arms x 4 revisions the report takes about a
// second on a busy two-core machine (scripts/bench/experiment-report.ts).
//
// What is read as what:
//   - an arm's run is made over the experiment's prompts; its final answer to a prompt is the last
//     step's revision of the run's chain (the initial response when the chain has no step), as the
//     pairs were made from;
//   - each pair of arms is reported from the later arm's side (arm Y, response B, against arm X,
//     response A): its P(better) is 1 - the judging run's pAUsed, its length and score Y's;
//   - a revision's win against the answer before it is the judging run's verdict on the CHAIN pair
//     of the two (either order: lib/server/labels/pairs.ts decides A by a hash), when the
//     experiment's config asked for revisions to be judged (judge.revisions);
//   - scores are the scoring run's (its config's scoreName), one per answer: the run scores each
//     answer once (its call key names the response).
// The bootstrap seed is the experiment's unless the caller gives one: the same rows and seed give
// the same report, number for number (every list the statistics read is in prompt order).

export interface ReportOptions {
  seed?: number;
  resamples?: number;
}

/** The strongest wins and losses of a pair listed for reading side by side. */
const EXAMPLES_PER_SIDE = 5;

const configSchema = z.object({ judge: z.object({ revisions: z.boolean().optional() }).optional() }).catch({});
const scoreConfigSchema = z.object({ scoreName: z.string().optional() }).catch({});

export async function experimentReport(experimentId: number, options: ReportOptions = {}): Promise<ExperimentReport> {
  // the row alone first: the statements below need only its runs' ids, and start at once
  const experiment = await db
    .selectFrom("Experiment as e")
    .innerJoin("Dataset as d", "d.id", "e.datasetId")
    .leftJoin("Run as s", "s.id", "e.scoreRunId")
    .select(["e.id", "e.name", "e.seed", "e.config", utc("e.createdAt").as("createdAt"), "e.judgeRunId", "e.scoreRunId", "e.datasetId", "d.name as datasetName", "s.config as scoreConfig"])
    .where("e.id", "=", experimentId)
    .executeTakeFirst();
  if (!experiment) throw new NotFoundError(`there is no experiment ${experimentId}`);
  const seed = options.seed ?? experiment.seed;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const { judgeRunId, scoreRunId } = experiment;
  const revisionsJudged = configSchema.parse(experiment.config).judge?.revisions === true;
  const scoreName = scoreRunId === null ? null : (scoreConfigSchema.parse(experiment.scoreConfig).scoreName ?? null);

  // the steps' statement is the longest: it runs while the pairs' statistics are worked out here
  const later = Promise.all([
    readPrincipleSteps(experimentId, scoreRunId, revisionsJudged ? judgeRunId : null),
    db
      .selectFrom("ExperimentPrompt")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("experimentId", "=", experimentId)
      .executeTakeFirstOrThrow(),
  ]);
  later.catch(() => {}); // awaited below: not an unhandled rejection meanwhile
  const [finals, pairs, armRows, runs, state] = await Promise.all([
    readFinalAnswers(experimentId, scoreRunId),
    readPairs(experimentId, judgeRunId),
    prisma.experimentArm.findMany({ where: { experimentId }, orderBy: { position: "asc" }, select: { id: true, name: true, position: true, runId: true } }),
    prisma.run.findMany({
      where: { OR: [{ experimentArm: { experimentId } }, { id: { in: [judgeRunId, scoreRunId].filter((id) => id !== null) } }] },
      select: runSelect,
    }),
    experimentState(experimentId),
  ]);
  const runOf = (id: number | null) => runRef(runs.find((run) => run.id === id) ?? null);
  const experimentArms: Arm[] = armRows.map((arm) => ({ ...arm, run: runOf(arm.runId) }));

  const armOf = new Map(experimentArms.map((arm) => [arm.id, arm]));
  const finalsByArm = new Map<number, Map<number, FinalAnswer>>(experimentArms.map((arm) => [arm.id, new Map()]));
  for (const answer of finals) finalsByArm.get(answer.armId)?.set(answer.promptId, answer);

  const arms: ReportArm[] = experimentArms.map((arm) => ({ id: arm.id, name: arm.name, position: arm.position, run: arm.run, answers: finalsByArm.get(arm.id)!.size }));
  const pairSections = pairGroups(pairs).map(({ armX, armY, rows }) =>
    pairSection(experimentId, armOf.get(armX)!, armOf.get(armY)!, rows, finalsByArm, { seed, resamples, scored: scoreRunId !== null, scoreRunId }),
  );
  const ranking = arms.length > 2 ? rankPairs(pairSections, arms) : null;
  const failures = armFailureModes(experimentArms, finalsByArm, seed);

  const [steps, prompts] = await later;
  const principleIds = [...new Set(steps.map((step) => step.principleId))];
  const principles =
    principleIds.length === 0 ? [] : await db.selectFrom("Principle").select(["id", "key", "position"]).where("id", "in", principleIds).orderBy("position").orderBy("id").execute();
  const judged = pairs.filter((pair) => pair.pA !== null).length;
  return {
    experiment: {
      id: experiment.id,
      name: experiment.name,
      dataset: { id: experiment.datasetId, name: experiment.datasetName },
      createdAt: experiment.createdAt.toISOString(),
      phase: state.phase,
      message: state.message,
      judgeRun: runOf(judgeRunId),
      scoreRun: runOf(scoreRunId),
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
    principles: armPrinciples(experimentArms, steps, principles, scoreName),
    failureModes: failures,
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

/** Each arm's final answer per prompt, with its score of the scoring run; in prompt order per arm. */
async function readFinalAnswers(experimentId: number, scoreRunId: number | null): Promise<FinalAnswer[]> {
  const score = scoreRunId === null ? sql`NULL::float8` : sql`(SELECT sc.value FROM "Score" sc WHERE sc."responseId" = f.id AND sc."runId" = ${scoreRunId} ORDER BY sc.id DESC LIMIT 1)`;
  const final = finalAnswer("c");
  // ordered here rather than by the database, whose sort of 20,000 texts would spill to disk
  const { rows } = await sql<FinalAnswer>`
    SELECT a.id AS "armId", c."promptId", c.id AS "chainId", f.text, ${score} AS score
      FROM "ExperimentArm" a
      JOIN "Chain" c ON c."runId" = a."runId"
      ${final.join}
      JOIN "Response" f ON f.id = ${final.id}
     WHERE a."experimentId" = ${experimentId}`.execute(db);
  return rows.sort((a, b) => a.armId - b.armId || a.promptId - b.promptId);
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

/** One arm's revisions by one principle: their score changes and revision verdicts, in prompt and step order. */
interface PrincipleSteps {
  armId: number;
  principleId: number;
  revisions: number;
  /** score(revision) - score(the answer it revised), for the revisions where both are scored */
  changes: number[] | null;
  /** the judging run's P(the revision is better than the answer before it), for the judged revisions */
  pRevision: number[] | null;
}

/**
 * Every chain step of the arms with its score change and its revision's verdict, grouped per arm and
 * principle in the database: a few rows of JSON arrays rather than a row per step (JSON.parse reads
 * them far faster than node-postgres parses array literals: the report's p50 went from about 0.9
 * to 0.7 s). The answer a step revised is the previous step's revision (lag), else the chain's
 * initial response; the CHAIN pair is found by its two answers either way round (one key of both
 * ids). Its sorts of 80,000 steps fit in memory with work_mem raised for this one statement.
 */
async function readPrincipleSteps(experimentId: number, scoreRunId: number | null, judgeRunId: number | null): Promise<PrincipleSteps[]> {
  const pairKey = (x: RawSql, y: RawSql) => sql`(least(${x}, ${y})::bigint << 32) | greatest(${x}, ${y})`;
  const scoreOf = (alias: string, response: RawSql) => sql`LEFT JOIN "Score" ${sql.raw(alias)} ON ${sql.raw(alias)}."responseId" = ${response} AND ${sql.raw(alias)}."runId" = ${scoreRunId}`;
  const scores =
    scoreRunId === null
      ? { joins: sql``, change: sql`NULL::float8` }
      : { joins: sql`${scoreOf("sr", sql`st."revisionId"`)} ${scoreOf("sb", sql`st.before`)}`, change: sql`sr.value - sb.value` };
  const verdicts =
    judgeRunId === null
      ? { joins: sql``, p: sql`NULL::float8` }
      : {
          joins: sql`LEFT JOIN (
              SELECT ${pairKey(sql`k."responseAId"`, sql`k."responseBId"`)} AS key, k."responseAId" AS a, v."pAUsed" AS p
                FROM "AiVerdict" v JOIN "Comparison" k ON k.id = v."comparisonId"
               WHERE v."runId" = ${judgeRunId} AND k.source = 'CHAIN'
            ) vd ON vd.key = ${pairKey(sql`st.before`, sql`st."revisionId"`)}`,
          p: sql`CASE WHEN vd.a = st."revisionId" THEN vd.p ELSE 1 - vd.p END`,
        };
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    const { rows } = await sql<PrincipleSteps>`
      WITH steps AS (
        SELECT a.id AS "armId", c."promptId", s.index, s."principleId", s."revisionId",
               coalesce(lag(s."revisionId") OVER (PARTITION BY s."chainId" ORDER BY s.index), c."initialResponseId") AS before
          FROM "ExperimentArm" a JOIN "Chain" c ON c."runId" = a."runId" JOIN "ChainStep" s ON s."chainId" = c.id
         WHERE a."experimentId" = ${experimentId}
      ),
      outcomes AS (
        SELECT st."armId", st."principleId", st."promptId", st.index, ${scores.change} AS change, ${verdicts.p} AS p
          FROM steps st ${scores.joins} ${verdicts.joins}
      )
      SELECT "armId", "principleId", count(*)::int AS revisions,
             json_agg(change ORDER BY "promptId", index) FILTER (WHERE change IS NOT NULL) AS changes,
             json_agg(p ORDER BY "promptId", index) FILTER (WHERE p IS NOT NULL) AS "pRevision"
        FROM outcomes GROUP BY "armId", "principleId" ORDER BY "armId", "principleId"`.execute(trx);
    return rows;
  });
}

type RawSql = ReturnType<typeof sql>;

// ---------------------------------------------------------------- statistics

type Arm = { id: number; name: string; position: number; run: RunRef | null };

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
  // a pair whose every verdict is a tie still has answers to read side by side
  const ties = wins.length + losses.length === 0 ? byPreference.slice(0, EXAMPLES_PER_SIDE) : [];
  return [...wins, ...losses, ...ties].map((e) => ({ ...e, href: promptHref(experimentId, e.promptId) }));
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

function armPrinciples(arms: Arm[], steps: PrincipleSteps[], principles: { id: number; key: string; position: number }[], scoreName: string | null): ArmPrinciples[] {
  // principleEffects counts each entry as a revision and reads its change and verdict when present:
  // a principle's n revisions as n entries carrying its changes and verdicts, each list in order
  const byArm = new Map<number, RevisionOutcome[]>(arms.map((arm) => [arm.id, []]));
  for (const { armId, principleId, revisions, changes, pRevision } of steps) {
    const outcomes = byArm.get(armId);
    for (let i = 0; i < revisions; i++) outcomes?.push({ principle: String(principleId), scoreChange: changes?.[i] ?? null, pRevisionBetter: pRevision?.[i] ?? null });
  }
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
