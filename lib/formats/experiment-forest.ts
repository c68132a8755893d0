import type { ExperimentReport } from "@/lib/schemas/experiment-report";

// The win-rate forest plot of an experiment: one row per pair of arms, the win rate as a dot and
// its 95% interval as a line, against a dashed line at 0.5 (no difference). The layout is decided
// here, once: the report page draws it as React SVG elements (components/experiments/forest-plot.tsx)
// and `cai experiment report` writes it as an SVG file (forestSvg), so both show the same picture.

export interface ForestRow {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
  p: number;
}

export interface ForestLayout {
  width: number;
  height: number;
  /** where the axis runs, in pixels: x(0) and x(1) */
  left: number;
  right: number;
  axisY: number;
  ticks: { value: number; x: number }[];
  rows: (ForestRow & { y: number; x: number | null; xLow: number | null; xHigh: number | null })[];
}

const ROW_HEIGHT = 32;
const TOP = 16;
const LABEL_WIDTH = 220;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

export function forestRows(report: Pick<ExperimentReport, "pairs">): ForestRow[] {
  return report.pairs.map((pair) => ({
    label: `${pair.arm.name} vs ${pair.opponent.name}`,
    value: pair.winRate.value,
    low: pair.winRate.interval?.low ?? null,
    high: pair.winRate.interval?.high ?? null,
    n: pair.winRate.n,
    p: pair.winRate.p,
  }));
}

export function forestLayout(rows: ForestRow[], width = 640): ForestLayout {
  const left = LABEL_WIDTH;
  const right = width - 24;
  const x = (value: number) => left + value * (right - left);
  const axisY = TOP + rows.length * ROW_HEIGHT + 4;
  return {
    width,
    height: axisY + 40,
    left,
    right,
    axisY,
    ticks: TICKS.map((value) => ({ value, x: x(value) })),
    rows: rows.map((row, i) => ({
      ...row,
      y: TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2,
      x: row.value === null ? null : x(row.value),
      xLow: row.low === null ? null : x(row.low),
      xHigh: row.high === null ? null : x(row.high),
    })),
  };
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The plot as a standalone SVG document (text escaped: arm names are the user's). */
export function forestSvg(report: Pick<ExperimentReport, "pairs">, title = "Win rate with 95% interval"): string {
  const layout = forestLayout(forestRows(report));
  const { width, height, left, right, axisY, ticks, rows } = layout;
  const middle = ticks.find((t) => t.value === 0.5)!.x;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<line x1="${middle}" y1="8" x2="${middle}" y2="${axisY}" stroke="#a8a29e" stroke-dasharray="4 3"/>`,
    `<line x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" stroke="#57534e"/>`,
    ...ticks.map(
      (t) => `<line x1="${t.x}" y1="${axisY}" x2="${t.x}" y2="${axisY + 4}" stroke="#57534e"/><text x="${t.x}" y="${axisY + 16}" text-anchor="middle" fill="#44403c">${t.value}</text>`,
    ),
    `<text x="${(left + right) / 2}" y="${axisY + 32}" text-anchor="middle" fill="#44403c">win rate (ties count half)</text>`,
    ...rows.map((row) =>
      [
        `<text x="${left - 8}" y="${row.y + 4}" text-anchor="end" fill="#1c1917">${escapeXml(row.label)}</text>`,
        row.xLow !== null && row.xHigh !== null ? `<line x1="${row.xLow}" y1="${row.y}" x2="${row.xHigh}" y2="${row.y}" stroke="#1d4ed8" stroke-width="2"/>` : "",
        row.x !== null ? `<circle cx="${row.x}" cy="${row.y}" r="5" fill="#1d4ed8"/>` : "",
      ].join(""),
    ),
    `</svg>`,
  ];
  return parts.join("\n") + "\n";
}
