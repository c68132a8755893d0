import "server-only";
import { sql } from "kysely";
import { aiChoice } from "@/lib/cai/agreement";
import { aiAgreementByConfidence, aiAgreementScore, alphaScore, raterPairScore, type AgreementScore, type AiItem, type AlphaScore, type RaterPairScore } from "@/lib/cai/agreement-intervals";
import { NotFoundError } from "../errors";
import { db } from "../db";

// Agreement on a dataset's comparisons: the AI's verdicts against people's current answers (the
// studio's reviewers, and imported ones such as hh-rlhf's crowdworkers), overall, by confidence,
// per principle and per endpoint; and people against each other. Ties and skips are not answers
// the AI can agree with, so AI-vs-human counts A/B answers only; people's agreement counts ties.
// Every figure carries its n and a seeded bootstrap interval over pairs (lib/cai/agreement-intervals),
// and every answer a figure leaves out is counted, by reason, so the page can say why.

export interface AgreementFilter {
  datasetId: number;
  /** only this labeling run's verdicts (default: every run's) */
  labelRunId?: number;
  /** whose answers count as human: the studio's reviewers, imported labels, or both */
  humans?: "REVIEW" | "IMPORTED" | "ALL";
}

export type { AgreementScore };

export interface AgreementReport {
  aiVsHuman: {
    overall: AgreementScore;
    byConfidence: (AgreementScore & { low: number; high: number })[];
    byPrinciple: (AgreementScore & { principleId: number; key: string })[];
    byEndpoint: (AgreementScore & { endpointId: number | null; name: string })[];
    /** people's answers the AI comparison leaves out, by reason */
    leftOut: {
      /** ties, skips and flags on pairs the AI judged */
      ties: number;
      skips: number;
      flags: number;
      /** A/B answers on pairs whose verdict is exactly 0.5 (the AI gave no answer) */
      aiUndecided: number;
      /** answers on pairs no verdict (of the chosen run) covers */
      notJudged: number;
    };
  };
  humanVsHuman: {
    pairs: ({ raterA: string; raterB: string } & RaterPairScore)[];
    raters: number;
    /** people's answers the comparison of people leaves out, by reason */
    leftOut: {
      skips: number;
      flags: number;
      /** answers on pairs nobody else answered */
      oneRater: number;
    };
  } & AlphaScore;
}

interface HumanAnswer {
  comparisonId: number;
  rater: string;
  choice: "A" | "B" | "TIE" | "SKIP" | "FLAG";
}

export async function agreementReport(filter: AgreementFilter): Promise<AgreementReport> {
  const dataset = await db
    .selectFrom("Dataset")
    .select(sql`1`.as("one"))
    .where("id", "=", filter.datasetId)
    .executeTakeFirst();
  if (!dataset) throw NotFoundError.about("datasetId", `there is no dataset ${filter.datasetId}`);
  // whose answers count: one source, or both ("ALL", the default)
  const source = filter.humans === "ALL" ? undefined : filter.humans;
  const labelRunId = filter.labelRunId;
  const [answers, verdicts, principles] = await Promise.all([
    db
      .selectFrom("HumanLabel as h")
      .innerJoin("Comparison as c", "c.id", "h.comparisonId")
      .innerJoin("Prompt as p", "p.id", "c.promptId")
      .leftJoin("User as u", "u.id", "h.userId")
      .select(["h.comparisonId", sql<string>`coalesce(u.email, 'imported: ' || coalesce(h."sourceName", 'unknown'))`.as("rater"), "h.choice"])
      .where("p.datasetId", "=", filter.datasetId)
      .where("h.supersededAt", "is", null)
      .$if(source !== undefined, (q) => q.where("h.source", "=", source!))
      .execute(),
    db
      .selectFrom("AiVerdict as v")
      .innerJoin("Comparison as c", "c.id", "v.comparisonId")
      .innerJoin("Prompt as p", "p.id", "c.promptId")
      .leftJoin("ModelEndpoint as e", "e.id", "v.endpointId")
      .select(["v.comparisonId", "v.pAUsed as pA", "v.endpointId", "e.name as endpoint"])
      .where("p.datasetId", "=", filter.datasetId)
      .$if(labelRunId !== undefined, (q) => q.where("v.runId", "=", labelRunId!))
      .execute(),
    // each principle's own verdict on a pair: its labels (both orders) averaged
    db
      .selectFrom("AiLabel as l")
      .innerJoin("Comparison as c", "c.id", "l.comparisonId")
      .innerJoin("Prompt as p", "p.id", "c.promptId")
      .innerJoin("Principle as pr", "pr.id", "l.principleId")
      .select(["l.comparisonId", "l.principleId", "pr.key", sql<number>`avg(coalesce(l."pAClamped", l."pA"))::float`.as("pA")])
      .where("p.datasetId", "=", filter.datasetId)
      .$if(labelRunId !== undefined, (q) => q.where("l.runId", "=", labelRunId!))
      .groupBy(["l.runId", "l.comparisonId", "l.principleId", "pr.key"])
      // joined to its principle, so it has one
      .$narrowType<{ principleId: number }>()
      .execute(),
  ]);

  const byComparison = new Map<number, HumanAnswer[]>();
  for (const a of answers) byComparison.set(a.comparisonId, [...(byComparison.get(a.comparisonId) ?? []), a]);
  const decided = (comparisonId: number) => (byComparison.get(comparisonId) ?? []).filter((a): a is HumanAnswer & { choice: "A" | "B" } => a.choice === "A" || a.choice === "B");
  // each pair is one item: its verdicts (one per run) against its people's A/B answers
  const itemsOf = (rows: { comparisonId: number; pA: number }[]): AiItem[] =>
    groups(rows, (r) => `${r.comparisonId}`)
      .map(([, verdictRows]) => verdictRows.flatMap((v) => decided(v.comparisonId).map((a) => ({ pA: v.pA, human: a.choice }))))
      .filter((item) => item.length > 0);

  const overall = itemsOf(verdicts);
  return {
    aiVsHuman: {
      overall: aiAgreementScore(overall),
      byConfidence: aiAgreementByConfidence(overall),
      byPrinciple: groups(principles, (p) => `${p.principleId}`).map(([, rows]) => ({
        principleId: rows[0].principleId,
        key: rows[0].key,
        ...aiAgreementScore(itemsOf(rows)),
      })),
      byEndpoint: groups(verdicts, (v) => `${v.endpointId}`).map(([, rows]) => ({
        endpointId: rows[0].endpointId,
        name: rows[0].endpoint ?? "(deleted endpoint)",
        ...aiAgreementScore(itemsOf(rows)),
      })),
      leftOut: leftOutOfAi(answers, verdicts),
    },
    humanVsHuman: humanAgreement(byComparison),
  };
}

function leftOutOfAi(answers: HumanAnswer[], verdicts: { comparisonId: number; pA: number }[]): AgreementReport["aiVsHuman"]["leftOut"] {
  const judged = new Set(verdicts.map((v) => v.comparisonId));
  const decidedByAi = new Set(verdicts.filter((v) => aiChoice(v.pA) !== undefined).map((v) => v.comparisonId));
  const leftOut = { ties: 0, skips: 0, flags: 0, aiUndecided: 0, notJudged: 0 };
  for (const a of answers) {
    if (!judged.has(a.comparisonId)) leftOut.notJudged++;
    else if (a.choice === "TIE") leftOut.ties++;
    else if (a.choice === "SKIP") leftOut.skips++;
    else if (a.choice === "FLAG") leftOut.flags++;
    else if (!decidedByAi.has(a.comparisonId)) leftOut.aiUndecided++;
  }
  return leftOut;
}

function humanAgreement(byComparison: Map<number, HumanAnswer[]>): AgreementReport["humanVsHuman"] {
  const leftOut = { skips: 0, flags: 0, oneRater: 0 };
  const answered: HumanAnswer[][] = [];
  for (const all of byComparison.values()) {
    leftOut.skips += all.filter((a) => a.choice === "SKIP").length;
    leftOut.flags += all.filter((a) => a.choice === "FLAG").length;
    const answers = all.filter((a) => a.choice !== "SKIP" && a.choice !== "FLAG");
    if (new Set(answers.map((a) => a.rater)).size >= 2) answered.push(answers);
    else leftOut.oneRater += answers.length;
  }
  const raters = [
    ...new Set(
      [...byComparison.values()]
        .flat()
        .filter((a) => a.choice !== "SKIP" && a.choice !== "FLAG")
        .map((a) => a.rater),
    ),
  ].sort();
  const pairCounts = new Map<string, [string, string][]>();
  for (const answers of answered) {
    for (let i = 0; i < answers.length; i++) {
      for (let j = i + 1; j < answers.length; j++) {
        const [x, y] = [answers[i], answers[j]].sort((p, q) => p.rater.localeCompare(q.rater));
        if (x.rater === y.rater) continue;
        const key = `${x.rater}\u0000${y.rater}`;
        pairCounts.set(key, [...(pairCounts.get(key) ?? []), [x.choice, y.choice]]);
      }
    }
  }
  return {
    pairs: [...pairCounts]
      .map(([key, pairs]) => {
        const [raterA, raterB] = key.split("\u0000");
        return { raterA, raterB, ...raterPairScore(pairs) };
      })
      .sort((a, b) => b.n - a.n),
    ...alphaScore(answered.map((answers) => raters.map((r) => answers.find((a) => a.rater === r)?.choice))),
    raters: raters.length,
    leftOut,
  };
}

function groups<T>(rows: T[], key: (row: T) => string): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return [...map];
}
