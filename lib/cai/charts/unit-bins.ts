// Equal-width bins over [0, 1], shared by the soft-label histogram and the reliability diagram so
// both put a probability in the same bin.

export interface UnitBin {
  low: number;
  high: number;
}

/** `count` bins of width 1 / count: [0, w), [w, 2w), ..., [1 - w, 1] (the last one closed). */
export function unitBins(count: number): UnitBin[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`bins must be a whole number >= 1, got ${count}`);
  return Array.from({ length: count }, (_, i) => ({ low: i / count, high: (i + 1) / count }));
}

/**
 * How far below a bin edge, in bin widths, a value still counts as on the edge: 0.29 * 100 is
 * 28.999999999999996 in floating point, and 0.29 belongs in [0.29, 0.30). The SQL that bins
 * (lib/server/charts/sql.ts) and the lists a bin links to (lib/server/comparisons/list.ts) use it too.
 */
export const EDGE_SLACK = 1e-9;

/**
 * The bin of p: lower edge inclusive, upper exclusive, except 1 which falls in the last bin.
 * Undefined for p outside [0, 1] or NaN. A value within EDGE_SLACK of a bin width below an edge
 * counts as on the edge.
 */
export function unitBinIndex(p: number, count: number): number | undefined {
  if (!(p >= 0 && p <= 1)) return undefined;
  return Math.min(count - 1, Math.floor(p * count + EDGE_SLACK));
}
