// Numbers as the chart tables and CSV files show them: fixed decimals, the same on server and browser.

export function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "" : value.toFixed(digits);
}

export function formatShare(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : `${(value * 100).toFixed(1)}%`;
}

export function formatRange(low: number, high: number): string {
  return `${low.toFixed(2)}–${high.toFixed(2)}`;
}

/** A chart tooltip's formatter: numbers with `digits` decimals, anything else as it is. */
export function tooltipNumber(digits = 3): (value: unknown) => string {
  return (value) => (typeof value === "number" ? value.toFixed(digits) : String(value));
}

/** A chart tooltip's or axis tick's formatter for shares: numbers as a percentage with one decimal. */
export function tooltipShare(value: unknown): string {
  return typeof value === "number" ? `${(value * 100).toFixed(1)}%` : String(value);
}

/** A flip-rate bar's own label: the rate and what it is out of, "—" when no pair was judged both ways. */
export function flipRateText(flips: number, pairs: number): string {
  return pairs === 0 ? "— (0 pairs)" : `${(flips / pairs).toFixed(2)} (${flips}/${pairs})`;
}
