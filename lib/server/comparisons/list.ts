import "server-only";
import { sql, type RawBuilder } from "kysely";
import { EDGE_SLACK } from "@/lib/cai/charts/unit-bins";
import { DEFAULT_TIE_MARGIN } from "@/lib/cai/experiments/win-rate";
import { COMPARISON_PAGE_SIZE, type ComparisonListQuery, type ComparisonPage, type ComparisonRow, type VerdictSummary } from "@/lib/schemas/comparisons";
import { db, prisma, utc } from "../db";
import { userTurnPreview } from "../prompts/preview-sql";
import { NotFoundError } from "../errors";
import { blindPendingAmong } from "../review/blind";

// The comparisons table: filters and keyset pagination by id, newest first (`id < cursor`, or
// `id > cursor` going back), never OFFSET. A run filter means what the run is about: the pairs a
// labeling run judged (its items, through the (runId, comparisonId) index), the pairs a sampling
// run made, or the pairs made from an SL-CAI run's chains. The filters the charts link down with
// (a P(A) range, a principle's or judge's flips, people's answers) count a pair exactly as the
// chart queries in lib/server/charts do, so a bin's link lists as many pairs as the bin holds.
// A reviewer (`blindFor`) gets no verdict on the rows they still owe a blind answer in a review queue.
// An experiment's report links to its cross-arm pairs (experiment, armX, armY) by outcome, read
// from the experiment's judging run, and to an arm's revision pairs by principle (revisedBy).

const PREVIEW_CHARS = 200;

type RunKind = "SL_CAI" | "SAMPLE" | "LABEL" | "SCORE";

export async function listComparisons(query: ComparisonListQuery, blindFor?: string): Promise<ComparisonPage> {
  const limit = query.limit ?? COMPARISON_PAGE_SIZE;
  const [run, experimentJudge] = await Promise.all([
    query.run === undefined ? undefined : runKind(query.run),
    query.experiment === undefined ? undefined : experimentJudgeRun(query.experiment),
  ]);
  // the run whose verdicts the filters and the rows read: the labeling run filtered on, else the experiment's judge
  const verdictRunId = run?.kind === "LABEL" ? run.id : (experimentJudge ?? undefined);
  const backwards = query.after !== undefined && query.before === undefined;
  const cursor = backwards ? query.after : query.before;
  const filters = conditions(query, run, verdictRunId);
  const where = cursor === undefined ? filters : [...filters, backwards ? sql`c.id > ${cursor}` : sql`c.id < ${cursor}`];
  const from = sql`"Comparison" c ${query.dataset !== undefined ? sql`JOIN "Prompt" p ON p.id = c."promptId"` : sql``}`;
  // the count reads every match (0.3-0.6 s for a principle's flips over a 182,831-pair run), so only
  // a page without a cursor counts; the page itself walks the id index and stops after limit + 1
  const [ids, total] = await Promise.all([
    sql<{ id: number }>`
      SELECT c.id FROM ${from} WHERE ${whereClause(where)}
       ORDER BY c.id ${backwards ? sql`ASC` : sql`DESC`}
       LIMIT ${limit + 1}`
      .execute(db)
      .then(({ rows }) => rows),
    cursor !== undefined ? undefined : sql<{ total: number }>`SELECT count(*)::int AS total FROM ${from} WHERE ${whereClause(filters)}`.execute(db).then(({ rows: [row] }) => row.total),
  ]);
  const more = ids.length > limit;
  const pageIds = ids.slice(0, limit).map((row) => row.id);
  const [selected, withheld] = await Promise.all([selectRows(pageIds, verdictRunId), blindFor === undefined ? new Set<number>() : blindPendingAmong(pageIds, blindFor)]);
  const rows = selected.map((row) => (withheld.has(row.id) ? { ...row, verdict: null, withheld: true } : row));
  const first = rows[0]?.id;
  const last = rows.at(-1)?.id;
  return backwards
    ? { rows, total, prevAfter: more ? first : undefined, nextBefore: last }
    : { rows, total, nextBefore: more ? last : undefined, prevAfter: query.before !== undefined ? first : undefined };
}

/** A piece of a statement, composed into the statements below (Kysely's sql templates). */
type Fragment = RawBuilder<unknown>;

const whereClause = (where: Fragment[]) => (where.length > 0 ? sql.join(where, sql` AND `) : sql`TRUE`);

async function runKind(runId: number): Promise<{ id: number; kind: RunKind }> {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { id: true, kind: true } });
  if (!run) throw NotFoundError.about("run", `there is no run ${runId}`);
  return run;
}

/** The experiment's judging run (null before it has one); an experiment that does not exist is a 404 like a run. */
async function experimentJudgeRun(experimentId: number): Promise<number | null> {
  const experiment = await prisma.experiment.findUnique({ where: { id: experimentId }, select: { judgeRunId: true } });
  if (!experiment) throw NotFoundError.about("experiment", `there is no experiment ${experimentId}`);
  return experiment.judgeRunId;
}

function conditions(query: ComparisonListQuery, run: { id: number; kind: RunKind } | undefined, verdictRunId: number | undefined): Fragment[] {
  const where: Fragment[] = [];
  if (query.dataset !== undefined) where.push(sql`p."datasetId" = ${query.dataset}`);
  if (query.source) where.push(sql`c.source = ${query.source}::"ComparisonSource"`);
  if (run?.kind === "LABEL") where.push(sql`c.id IN (SELECT i."comparisonId" FROM "RunItem" i WHERE i."runId" = ${run.id})`);
  else if (run?.kind === "SAMPLE") where.push(sql`c."runId" = ${run.id}`);
  else if (run) {
    where.push(sql`EXISTS (SELECT 1 FROM "Response" r WHERE r.id IN (c."responseAId", c."responseBId") AND r."runId" = ${run.id})`);
  }
  if (query.experiment !== undefined) {
    const arms = [...(query.armX !== undefined ? [sql` AND e."armXId" = ${query.armX}`] : []), ...(query.armY !== undefined ? [sql` AND e."armYId" = ${query.armY}`] : [])];
    where.push(sql`c.id IN (SELECT e."comparisonId" FROM "ExperimentPair" e WHERE e."experimentId" = ${query.experiment}${sql.join(arms, sql``)})`);
  }
  if (query.revisedBy !== undefined) where.push(revisedBy(query.revisedBy));
  // judged, flipped, the outcome and the P(A) range are about the labeling run filtered on, else the
  // experiment's judging run, else any labeling run; they hold for one and the same verdict
  const verdictRun = verdictRunId !== undefined ? sql` AND v."runId" = ${verdictRunId}` : sql``;
  if (query.judged === "yes") where.push(sql`EXISTS (SELECT 1 FROM "AiVerdict" v WHERE v."comparisonId" = c.id${verdictRun})`);
  if (query.judged === "no") where.push(sql`NOT EXISTS (SELECT 1 FROM "AiVerdict" v WHERE v."comparisonId" = c.id${verdictRun})`);
  const orderRanges = [query.abMin, query.abMax, query.baMin, query.baMax].some((v) => v !== undefined);
  const byLabels = query.principle !== undefined || query.endpoint !== undefined || orderRanges;
  const labelFlips = query.flipped && byLabels;
  const verdict = [...(query.flipped && !labelFlips ? [sql`v.flips > 0`] : []), ...pARange(query), ...outcome(query)];
  if (verdict.length > 0) where.push(sql`EXISTS (SELECT 1 FROM "AiVerdict" v WHERE v."comparisonId" = c.id${verdictRun} AND ${sql.join(verdict, sql` AND `)})`);
  if (byLabels) where.push(labelled(query, verdictRunId, labelFlips ?? false));
  if (query.humans) {
    const source = query.humans === "review" ? sql` AND h.source = 'REVIEW'` : query.humans === "imported" ? sql` AND h.source = 'IMPORTED'` : sql``;
    where.push(sql`EXISTS (SELECT 1 FROM "HumanLabel" h WHERE h."comparisonId" = c.id AND h."supersededAt" IS NULL AND h.choice IN ('A', 'B', 'TIE')${source})`);
  }
  return where;
}

/**
 * A verdict's P(A) in [pAMin, pAMax), 1 in the range when pAMax is 1, as unitBinSql bins it: a value
 * within EDGE_SLACK of the width below an edge is on the edge (floor(p * n + EDGE_SLACK) for bins of width 1/n),
 * and nothing outside [0, 1] is in a bin.
 */
function pARange(query: ComparisonListQuery): Fragment[] {
  return unitRange(query.pAOf === "raw" ? sql`v."pA"` : sql`v."pAUsed"`, query.pAMin, query.pAMax);
}

/** The verdict's winner, as lib/cai/experiments/win-rate.ts's outcomeOf reads P(A). */
function outcome(query: ComparisonListQuery): Fragment[] {
  if (query.outcome === "A") return [sql`v."pAUsed" > ${0.5 + DEFAULT_TIE_MARGIN}::float8`];
  if (query.outcome === "B") return [sql`v."pAUsed" < ${0.5 - DEFAULT_TIE_MARGIN}::float8`];
  if (query.outcome === "tie") return [sql`v."pAUsed" BETWEEN ${0.5 - DEFAULT_TIE_MARGIN}::float8 AND ${0.5 + DEFAULT_TIE_MARGIN}::float8`];
  return [];
}

/** One side is a chain step's revision by the principle, the other the answer that step revised. */
function revisedBy(principleId: number): Fragment {
  return sql`EXISTS (SELECT 1 FROM "ChainStep" s JOIN "Chain" ch ON ch.id = s."chainId"
    LEFT JOIN "ChainStep" before ON before."chainId" = s."chainId" AND before.index = s.index - 1
    WHERE s."principleId" = ${principleId} AND s."revisionId" IN (c."responseAId", c."responseBId")
      AND coalesce(before."revisionId", ch."initialResponseId") IN (c."responseAId", c."responseBId"))`;
}

/** `column` in [min, max) of [0, 1], as pARange reads its edges; nothing when neither edge is set. */
function unitRange(column: Fragment, min: number | undefined, max: number | undefined): Fragment[] {
  if (min === undefined && max === undefined) return [];
  const low = min ?? 0;
  const high = max ?? 1;
  const slack = EDGE_SLACK * (high - low);
  const range = [sql`${column} >= 0`, sql`${column} <= 1`];
  if (low > 0) range.push(sql`${column} >= ${low - slack}::float8`);
  if (high < 1) range.push(sql`${column} < ${high - slack}::float8`);
  return range;
}

/**
 * Pairs a principle (and/or judge endpoint) labelled; with flips or order ranges, those with one
 * (run, comparison, principle) pair of AB and BA labels, as the charts group them, whose P(A) were
 * on opposite sides of 0.5 (a flip) or in the ranges; the pair's judge is its larger endpoint id.
 */
function labelled(query: ComparisonListQuery, labelRun: number | undefined, flips: boolean): Fragment {
  const filters = [
    sql`ab."comparisonId" = c.id`,
    ...(labelRun !== undefined ? [sql`ab."runId" = ${labelRun}`] : []),
    ...(query.principle !== undefined ? [sql`ab."principleId" = ${query.principle}`] : []),
  ];
  const ranges = [...unitRange(sql`ab."pA"`, query.abMin, query.abMax), ...unitRange(sql`ba."pA"`, query.baMin, query.baMax)];
  if (!flips && ranges.length === 0) {
    if (query.endpoint !== undefined) filters.push(sql`ab."endpointId" = ${query.endpoint}`);
    return sql`EXISTS (SELECT 1 FROM "AiLabel" ab WHERE ${sql.join(filters, sql` AND `)})`;
  }
  filters.push(sql`ab."order" = 'AB'`, ...ranges);
  if (flips) filters.push(sql`(ab."pA" - 0.5) * (ba."pA" - 0.5) < 0`);
  if (query.endpoint !== undefined) filters.push(sql`greatest(ab."endpointId", ba."endpointId") = ${query.endpoint}`);
  return sql`EXISTS (SELECT 1 FROM "AiLabel" ab JOIN "AiLabel" ba ON ba."comparisonId" = ab."comparisonId" AND ba."runId" = ab."runId"
    AND ba."principleId" IS NOT DISTINCT FROM ab."principleId" AND ba."order" = 'BA' WHERE ${sql.join(filters, sql` AND `)})`;
}

interface RawRow {
  id: number;
  promptId: number;
  datasetId: number;
  datasetName: string;
  source: ComparisonRow["source"];
  createdAt: Date;
  preview: string | null;
  aId: number;
  aOrigin: ComparisonRow["a"]["origin"];
  aProducer: string | null;
  bId: number;
  bOrigin: ComparisonRow["b"]["origin"];
  bProducer: string | null;
  verdict: VerdictSummary | null;
  verdicts: number;
  humanLabels: number;
}

/** The table's columns for the chosen ids, newest first. */
async function selectRows(ids: number[], labelRunId: number | undefined): Promise<ComparisonRow[]> {
  if (ids.length === 0) return [];
  const verdictRun = labelRunId === undefined ? sql`` : sql` AND v."runId" = ${labelRunId}`;
  const { rows } = await sql<RawRow>`
    SELECT c.id, c."promptId", p."datasetId", d.name AS "datasetName", c.source::text AS source, ${utc("c.createdAt")} AS "createdAt",
           ${userTurnPreview(PREVIEW_CHARS)} AS preview,
           a.id AS "aId", a.origin::text AS "aOrigin", a.producer AS "aProducer",
           b.id AS "bId", b.origin::text AS "bOrigin", b.producer AS "bProducer",
           (SELECT json_build_object('runId', v."runId", 'pA', v."pA", 'pAUsed', v."pAUsed", 'flips', v.flips, 'spread', v.spread,
                     'principles', v.principles, 'method', v.method, 'chainOfThought', v."chainOfThought")
              FROM "AiVerdict" v WHERE v."comparisonId" = c.id${verdictRun} ORDER BY v.id DESC LIMIT 1) AS verdict,
           (SELECT count(*)::int FROM "AiVerdict" v WHERE v."comparisonId" = c.id) AS verdicts,
           (SELECT count(*)::int FROM "HumanLabel" h WHERE h."comparisonId" = c.id AND h."supersededAt" IS NULL) AS "humanLabels"
      FROM "Comparison" c
      JOIN "Prompt" p ON p.id = c."promptId"
      JOIN "Dataset" d ON d.id = p."datasetId"
      JOIN "Response" a ON a.id = c."responseAId"
      JOIN "Response" b ON b.id = c."responseBId"
     WHERE c.id = ANY(${ids}::int[])
     ORDER BY c.id DESC`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    promptId: row.promptId,
    preview: row.preview ?? "",
    datasetId: row.datasetId,
    datasetName: row.datasetName,
    source: row.source,
    a: { id: row.aId, origin: row.aOrigin, producer: row.aProducer },
    b: { id: row.bId, origin: row.bOrigin, producer: row.bProducer },
    verdict: row.verdict,
    verdicts: row.verdicts,
    humanLabels: row.humanLabels,
    createdAt: row.createdAt.toISOString(),
  }));
}
