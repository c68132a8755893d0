import { comparisonListSearchParams, type ComparisonListQuery } from "@/lib/schemas/comparisons";
import { chartSearchParams, type PmByRevisionQuery } from "@/lib/schemas/charts";

// Links down from a chart's bin, point or row to exactly the items behind it: the comparisons list
// with the filters that count a pair as the chart counts it (lib/server/comparisons/list.ts), or
// the scored chain answers behind a PM point (app/charts/pm-by-revision/responses). The pages build
// them on the server; the charts and their tables follow them.

export function comparisonsLink(query: ComparisonListQuery): string {
  return `/comparisons?${comparisonListSearchParams(query)}`;
}

/** A soft-label or calibration bin: the pairs whose verdict's P(A) (raw or as used) is in [low, high). */
export function pABinLink(scope: { dataset?: number; run?: number }, bin: { low: number; high: number }, extra: Partial<ComparisonListQuery> = {}): string {
  return comparisonsLink({ dataset: scope.dataset, run: scope.run, pAMin: bin.low, pAMax: bin.high, ...extra });
}

/** The calibration chart's people, as the comparisons list's `humans` filter names them. */
export const HUMANS_FILTER = { ALL: "any", REVIEW: "review", IMPORTED: "imported" } as const;

/**
 * A principle's or judge's flips: the pairs whose labels by it picked different answers in the
 * two orders. A key that is not an id (the "no principle" group) has no link.
 */
export function flipsLink(scope: { dataset?: number; run?: number }, by: "principle" | "endpoint", key: string): string | null {
  if (!/^\d+$/.test(key)) return null;
  return comparisonsLink({ dataset: scope.dataset, run: scope.run, flipped: true, [by]: Number(key) });
}

/**
 * A bubble of the position-bias order grid: the pairs whose principle labels put P(A) with A shown
 * first in bin x and with A shown second in bin y (of `bins` equal bins).
 */
export function orderCellLink(scope: { dataset?: number; run?: number }, cell: { x: number; y: number }, bins: number): string {
  return comparisonsLink({ dataset: scope.dataset, run: scope.run, abMin: cell.x / bins, abMax: (cell.x + 1) / bins, baMin: cell.y / bins, baMax: (cell.y + 1) / bins });
}

/**
 * A PM point: the scores of chain answers at that revision number, in the series' group (a
 * principle, a run, an endpoint, or everything), with the chart's score name, source and scope.
 */
export function pmPointLink(query: PmByRevisionQuery, series: string, revision: number): string {
  return `/charts/pm-by-revision/responses?${chartSearchParams({
    dataset: query.dataset,
    run: query.run,
    score: query.score,
    source: query.source,
    split: query.split === "none" ? undefined : query.split,
    group: query.split === "none" ? undefined : series,
    revision,
  })}`;
}

/** A critique principle's row: the scored revisions it made whose revised answer is scored too (the chart's n). */
export function principleRevisionsLink(query: { dataset?: number; run?: number; score: string; source?: string }, principle: string): string | null {
  if (!/^\d+$/.test(principle)) return null;
  return `/charts/pm-by-revision/responses?${chartSearchParams({
    dataset: query.dataset,
    run: query.run,
    score: query.score,
    source: query.source,
    split: "principle",
    group: principle,
    scoredBefore: "true",
  })}`;
}
