import { ChartFrame } from "@/components/charts/chart-frame";
import { forestLayout, forestRows } from "@/lib/formats/experiment-forest";
import type { ExperimentReport } from "@/lib/schemas/experiment-report";
import { formatEstimate, formatP } from "./format";

// The win-rate forest plot (lib/formats/experiment-forest.ts lays it out; the CLI writes the same
// picture as SVG), in the charts' frame: its table, and SVG, PNG and CSV downloads.

export function ForestPlot({ report }: { report: ExperimentReport }) {
  const rows = forestRows(report);
  const layout = forestLayout(rows);
  const middle = layout.ticks.find((t) => t.value === 0.5)!.x;
  return (
    <ChartFrame
      title="Win rate of each arm against each other"
      caption="Each line is one pair of arms: the dot is the later arm's win rate (ties count half), the line its 95% bootstrap interval over prompts. Right of the dashed line, the later arm wins more often."
      fileName={`experiment-${report.experiment.id}-win-rate`}
      table={{
        caption: "Win rate per pair of arms",
        columns: ["pair", "judged", "win rate", "low", "high", "sign test p"],
        rows: rows.map((row) => [row.label, row.n, row.value, row.low, row.high, row.p]),
        links: report.pairs.map((pair) => pair.winRate.href),
      }}
    >
      <svg
        role="img"
        aria-label="Win rate with 95% interval per pair of arms"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        className="max-w-full"
        fontSize={12}
      >
        <line x1={middle} y1={8} x2={middle} y2={layout.axisY} stroke="#a8a29e" strokeDasharray="4 3" />
        <line x1={layout.left} y1={layout.axisY} x2={layout.right} y2={layout.axisY} stroke="#57534e" />
        {layout.ticks.map((tick) => (
          <g key={tick.value}>
            <line x1={tick.x} y1={layout.axisY} x2={tick.x} y2={layout.axisY + 4} stroke="#57534e" />
            <text x={tick.x} y={layout.axisY + 16} textAnchor="middle" fill="#44403c">
              {tick.value}
            </text>
          </g>
        ))}
        <text x={(layout.left + layout.right) / 2} y={layout.axisY + 32} textAnchor="middle" fill="#44403c">
          win rate (ties count half)
        </text>
        {layout.rows.map((row) => (
          <g key={row.label}>
            <text x={layout.left - 8} y={row.y + 4} textAnchor="end" fill="#1c1917">
              {row.label}
            </text>
            {row.xLow !== null && row.xHigh !== null && <line x1={row.xLow} y1={row.y} x2={row.xHigh} y2={row.y} stroke="#1d4ed8" strokeWidth={2} />}
            {row.x !== null && (
              <circle cx={row.x} cy={row.y} r={5} fill="#1d4ed8">
                <title>{`${row.label}: ${formatEstimate(row.value)}, p ${formatP(row.p)}`}</title>
              </circle>
            )}
          </g>
        ))}
      </svg>
    </ChartFrame>
  );
}
