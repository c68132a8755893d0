import "server-only";
import { chartSearchParams } from "@/lib/schemas/charts";
import { comparisonListSearchParams, type ComparisonListQuery } from "@/lib/schemas/comparisons";

// Where a report's figures lead: the studio's own pages, filtered to exactly the items behind the
// figure. A pair's wins, ties and losses are its cross-arm pairs in the comparisons browser by the
// judging run's outcome (armX is response A, so the later arm wins when B is preferred); a
// principle's score change is its scored revisions (the PM chart's drill-down page); its revision
// wins are the arm's revision pairs by that principle.

export const experimentHref = (experimentId: number) => `/experiments/${experimentId}`;
export const promptHref = (experimentId: number, promptId: number) => `/experiments/${experimentId}/prompts/${promptId}`;
export const runHref = (runId: number) => `/runs/${runId}`;
export const chainHref = (chainId: number) => `/chains/${chainId}`;
export const comparisonHref = (comparisonId: number) => `/comparisons/${comparisonId}`;

export function comparisonsHref(query: ComparisonListQuery): string {
  return `/comparisons?${comparisonListSearchParams(query)}`;
}

/** Outcomes from the point of view of the later arm (Y, response B). */
export type ArmOutcome = "win" | "tie" | "loss" | "missing";

/** The cross-arm pairs of arms X (response A) and Y (response B), all or by the later arm's outcome. */
export function pairOutcomeHref(experimentId: number, armX: number, armY: number, outcome?: ArmOutcome): string {
  const base: ComparisonListQuery = { experiment: experimentId, armX, armY };
  if (outcome === undefined) return comparisonsHref(base);
  if (outcome === "missing") return comparisonsHref({ ...base, judged: "no" });
  return comparisonsHref({ ...base, judged: "yes", outcome: outcome === "win" ? "B" : outcome === "loss" ? "A" : "tie" });
}

/** The scored revisions of a principle in an arm's run whose revised answer is scored too (the changes' n). */
export function principleScoresHref(armRunId: number, principleId: number, scoreName: string): string {
  return `/charts/pm-by-revision/responses?${chartSearchParams({ run: armRunId, score: scoreName, source: "ENDPOINT", split: "principle", group: String(principleId), scoredBefore: "true" })}`;
}

/** An arm's revision pairs (revision against the answer it revised) by a principle. */
export function principleRevisionPairsHref(armRunId: number, principleId: number): string {
  return comparisonsHref({ run: armRunId, source: "CHAIN", revisedBy: principleId });
}
