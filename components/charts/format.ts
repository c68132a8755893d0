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
