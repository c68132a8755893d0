"use client";

import { CartesianGrid, ComposedChart, ErrorBar, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fittedAxis } from "@/lib/cai/charts";
import type { PmByRevisionData } from "@/lib/schemas/charts";
import { linkedDot } from "./linked-shapes";
import { seriesColour, seriesDash } from "./palette";
import { tooltipNumber } from "./format";
import { CHART_MARGIN, xTitle, yTitle } from "./axes";

type Series = Omit<PmByRevisionData["series"][number], "points"> & { points: (PmByRevisionData["series"][number]["points"][number] & { href?: string })[] };

/** Mean score per revision number, one line per series, the 95% interval as error bars; a point opens its scores. */
export function PmByRevisionChart({ series, scoreName }: { series: Series[]; scoreName: string }) {
  const revisions = [...new Set(series.flatMap((s) => s.points.map((p) => p.revision)))].sort((a, b) => a - b);
  const rows = revisions.map((revision) => {
    const row: Record<string, number | [number, number] | string | null> = { revision };
    series.forEach((s, i) => {
      const point = s.points.find((p) => p.revision === revision);
      row[`mean${i}`] = point?.mean ?? null;
      row[`interval${i}`] = point && point.low !== null && point.high !== null && point.mean !== null ? [point.mean - point.low, point.high - point.mean] : null;
      row[`href${i}`] = point?.href ?? null;
      row[`label${i}`] = point ? `${s.label}, revision ${revision}: ${point.n} scores` : null;
    });
    return row;
  });
  // fitted to the means and their intervals' ends: from 0, intervals on scores near 2.5 do not show
  const axis = fittedAxis(series.flatMap((s) => s.points.flatMap((p) => [p.mean, p.low, p.high])));
  return (
    <ResponsiveContainer width="100%" height={340}>
      <ComposedChart data={rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke="#e7e5e4" />
        <XAxis dataKey="revision" type="number" domain={[0, "dataMax"]} allowDecimals={false} ticks={revisions} label={xTitle("Number of revisions (0 = initial response)")} />
        <YAxis domain={axis?.domain ?? ["auto", "auto"]} ticks={axis?.ticks} tickFormatter={(v: number) => String(Number(v.toFixed(3)))} label={yTitle(`mean ${scoreName}`)} />
        <Tooltip formatter={tooltipNumber()} />
        <Legend verticalAlign="top" />
        {series.map((s, i) => (
          <Line
            key={s.key}
            dataKey={`mean${i}`}
            name={s.label}
            stroke={seriesColour(i)}
            strokeDasharray={seriesDash(i)}
            strokeWidth={2}
            dot={linkedDot(`href${i}`, `label${i}`, seriesColour(i))}
            activeDot={false}
            connectNulls
            isAnimationActive={false}
          >
            <ErrorBar dataKey={`interval${i}`} width={6} stroke={seriesColour(i)} isAnimationActive={false} />
          </Line>
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
