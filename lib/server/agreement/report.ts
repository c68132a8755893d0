import "server-only";
import { agreementByConfidence, aiChoice, cohensKappa, krippendorffAlpha, type ConfidenceBin } from "@/lib/cai/agreement";
import { NotFoundError } from "../errors";
import { pgPool } from "../pg";

// Agreement on a dataset's comparisons: the AI's verdicts against people's current answers (the
// studio's reviewers, and imported ones such as hh-rlhf's crowdworkers), overall, by confidence,
// per principle and per endpoint; and people against each other. Ties and skips are not answers
// the AI can agree with, so AI-vs-human counts A/B answers only; people's agreement counts ties.

export interface AgreementFilter {
  datasetId: number;
  /** only this labeling run's verdicts (default: every run's) */
  labelRunId?: number;
  /** whose answers count as human: the studio's reviewers, imported labels, or both */
  humans?: "REVIEW" | "IMPORTED" | "ALL";
}

export interface AgreementScore {
  n: number;
  agree: number;
  accuracy: number | null;
  kappa: number | null;
}

export interface AgreementReport {
  aiVsHuman: {
    overall: AgreementScore;
    byConfidence: ConfidenceBin[];
    byPrinciple: (AgreementScore & { principleId: number; key: string })[];
    byEndpoint: (AgreementScore & { endpointId: number | null; name: string })[];
    /** human ties left out of the AI comparison */
    humanTies: number;
  };
  humanVsHuman: {
    pairs: { raterA: string; raterB: string; n: number; kappa: number | null; observed: number }[];
    alpha: number | null;
    raters: number;
    units: number;
  };
}

interface HumanAnswer {
  comparisonId: number;
  rater: string;
  choice: "A" | "B" | "TIE";
}

export async function agreementReport(filter: AgreementFilter): Promise<AgreementReport> {
  const db = pgPool();
  const dataset = await db.query(`SELECT 1 FROM "Dataset" WHERE id = $1`, [filter.datasetId]);
  if (dataset.rows.length === 0) throw new NotFoundError(`datasetId: there is no dataset ${filter.datasetId}`);
  const humans = filter.humans ?? "ALL";
  const [answers, verdicts, principles] = await Promise.all([
    db.query<HumanAnswer>(
      `SELECT h."comparisonId", coalesce(u.email, 'imported: ' || coalesce(h."sourceName", 'unknown')) AS rater, h.choice
       FROM "HumanLabel" h JOIN "Comparison" c ON c.id = h."comparisonId" JOIN "Prompt" p ON p.id = c."promptId"
       LEFT JOIN "User" u ON u.id = h."userId"
       WHERE p."datasetId" = $1 AND h."supersededAt" IS NULL AND h.choice IN ('A', 'B', 'TIE')
         AND ($2 = 'ALL' OR h.source = $2::"HumanLabelSource")`,
      [filter.datasetId, humans],
    ),
    db.query<{ comparisonId: number; pA: number; endpointId: number | null; endpoint: string | null }>(
      `SELECT v."comparisonId", v."pAUsed" AS "pA", v."endpointId", e.name AS endpoint
       FROM "AiVerdict" v JOIN "Comparison" c ON c.id = v."comparisonId" JOIN "Prompt" p ON p.id = c."promptId"
       LEFT JOIN "ModelEndpoint" e ON e.id = v."endpointId"
       WHERE p."datasetId" = $1 AND ($2::int IS NULL OR v."runId" = $2)`,
      [filter.datasetId, filter.labelRunId ?? null],
    ),
    // each principle's own verdict on a pair: its labels (both orders) averaged
    db.query<{ comparisonId: number; principleId: number; key: string; pA: number }>(
      `SELECT l."comparisonId", l."principleId", pr.key, avg(coalesce(l."pAClamped", l."pA"))::float AS "pA"
       FROM "AiLabel" l JOIN "Comparison" c ON c.id = l."comparisonId" JOIN "Prompt" p ON p.id = c."promptId"
       JOIN "Principle" pr ON pr.id = l."principleId"
       WHERE p."datasetId" = $1 AND ($2::int IS NULL OR l."runId" = $2)
       GROUP BY l."runId", l."comparisonId", l."principleId", pr.key`,
      [filter.datasetId, filter.labelRunId ?? null],
    ),
  ]);

  const byComparison = new Map<number, HumanAnswer[]>();
  for (const a of answers.rows) byComparison.set(a.comparisonId, [...(byComparison.get(a.comparisonId) ?? []), a]);
  const decided = (comparisonId: number) => (byComparison.get(comparisonId) ?? []).filter((a): a is HumanAnswer & { choice: "A" | "B" } => a.choice !== "TIE");

  const judged = new Set(verdicts.rows.map((v) => v.comparisonId));
  const overallPoints = verdicts.rows.flatMap((v) => decided(v.comparisonId).map((a) => ({ pA: v.pA, human: a.choice })));
  return {
    aiVsHuman: {
      overall: score(overallPoints),
      byConfidence: agreementByConfidence(overallPoints),
      byPrinciple: groups(principles.rows, (p) => `${p.principleId}`).map(([, rows]) => ({
        principleId: rows[0].principleId,
        key: rows[0].key,
        ...score(rows.flatMap((p) => decided(p.comparisonId).map((a) => ({ pA: p.pA, human: a.choice })))),
      })),
      byEndpoint: groups(verdicts.rows, (v) => `${v.endpointId}`).map(([, rows]) => ({
        endpointId: rows[0].endpointId,
        name: rows[0].endpoint ?? "(deleted endpoint)",
        ...score(rows.flatMap((v) => decided(v.comparisonId).map((a) => ({ pA: v.pA, human: a.choice })))),
      })),
      humanTies: answers.rows.filter((a) => a.choice === "TIE" && judged.has(a.comparisonId)).length,
    },
    humanVsHuman: humanAgreement(byComparison),
  };
}

/** The AI's answers (from P(A)) against people's A/B answers. */
function score(points: { pA: number; human: "A" | "B" }[]): AgreementScore {
  const answered = points.flatMap((p) => {
    const ai = aiChoice(p.pA);
    return ai ? [[ai, p.human] as [string, string]] : [];
  });
  const agree = answered.filter(([ai, human]) => ai === human).length;
  return { n: answered.length, agree, accuracy: answered.length > 0 ? agree / answered.length : null, kappa: cohensKappa(answered).kappa };
}

function humanAgreement(byComparison: Map<number, HumanAnswer[]>): AgreementReport["humanVsHuman"] {
  const raters = [...new Set([...byComparison.values()].flat().map((a) => a.rater))].sort();
  const pairCounts = new Map<string, [string, string][]>();
  for (const answers of byComparison.values()) {
    for (let i = 0; i < answers.length; i++) {
      for (let j = i + 1; j < answers.length; j++) {
        const [x, y] = [answers[i], answers[j]].sort((p, q) => p.rater.localeCompare(q.rater));
        if (x.rater === y.rater) continue;
        const key = `${x.rater}\u0000${y.rater}`;
        pairCounts.set(key, [...(pairCounts.get(key) ?? []), [x.choice, y.choice]]);
      }
    }
  }
  const units = [...byComparison.values()].filter((answers) => new Set(answers.map((a) => a.rater)).size >= 2);
  const { alpha } = krippendorffAlpha(units.map((answers) => raters.map((r) => answers.find((a) => a.rater === r)?.choice)));
  return {
    pairs: [...pairCounts].map(([key, pairs]) => {
      const [raterA, raterB] = key.split("\u0000");
      const { kappa, observed, n } = cohensKappa(pairs);
      return { raterA, raterB, n, kappa, observed };
    }).sort((a, b) => b.n - a.n),
    alpha,
    raters: raters.length,
    units: units.length,
  };
}

function groups<T>(rows: T[], key: (row: T) => string): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return [...map];
}
