import type { LabelRunSummary } from "@/lib/schemas/labels";

// Every number the labeling-run summary shows, decided here and unit-tested; the chart and the
// tables only draw what these return. P(A) is the verdict's: raw, and as used (clamped when the
// run reasoned first, else the same).

export interface HistogramBin {
  /** "0.0–0.1" ... "0.9–1.0" */
  range: string;
  low: number;
  high: number;
  raw: number;
  used: number;
}

export interface PreparedHistogram {
  bins: HistogramBin[];
  judged: number;
  /** the highest count of any bin, for the axis */
  maxCount: number;
  /** whether clamping moved anything (raw and used differ in some bin) */
  clamped: boolean;
  confident: number;
  nearHalf: number;
  /** neither confident (|P - 0.5| >= 0.3) nor near 0.5 (|P - 0.5| < 0.1) */
  between: number;
  confidentShare: number | null;
  nearHalfShare: number | null;
}

export function prepareHistogram(summary: Pick<LabelRunSummary, "histogram" | "judged" | "confident" | "nearHalf">): PreparedHistogram {
  const bins = [...summary.histogram]
    .sort((a, b) => a.low - b.low)
    .map((bin) => ({ range: `${bin.low.toFixed(1)}–${bin.high.toFixed(1)}`, low: bin.low, high: bin.high, raw: bin.raw, used: bin.used }));
  const share = (n: number) => (summary.judged > 0 ? n / summary.judged : null);
  return {
    bins,
    judged: summary.judged,
    maxCount: Math.max(0, ...bins.flatMap((b) => [b.raw, b.used])),
    clamped: bins.some((b) => b.raw !== b.used),
    confident: summary.confident,
    nearHalf: summary.nearHalf,
    between: Math.max(0, summary.judged - summary.confident - summary.nearHalf),
    confidentShare: share(summary.confident),
    nearHalfShare: share(summary.nearHalf),
  };
}

export interface PrincipleFlipRow {
  principleId: number;
  key: string;
  labels: number;
  pairsBothOrders: number;
  flips: number;
  flipRate: number | null;
}

export interface PreparedFlips {
  /** the principles that flip most first (those judged in one order only last), then by key */
  rows: PrincipleFlipRow[];
  overall: { pairsBothOrders: number; flips: number; flipRate: number | null };
}

export function prepareFlips(summary: Pick<LabelRunSummary, "perPrinciple" | "flipRate">): PreparedFlips {
  const rows = [...summary.perPrinciple].sort((a, b) => {
    if (a.flipRate === null || b.flipRate === null) return a.flipRate === b.flipRate ? a.key.localeCompare(b.key) : a.flipRate === null ? 1 : -1;
    return b.flipRate - a.flipRate || a.key.localeCompare(b.key);
  });
  const pairsBothOrders = rows.reduce((n, r) => n + r.pairsBothOrders, 0);
  const flips = rows.reduce((n, r) => n + r.flips, 0);
  return { rows, overall: { pairsBothOrders, flips, flipRate: summary.flipRate ?? (pairsBothOrders > 0 ? flips / pairsBothOrders : null) } };
}
