"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { GoodhartData } from "@/lib/schemas/charts";
import { OKABE_ITO, seriesColour, seriesDash } from "./palette";
import { tooltipShare } from "./format";
import { CHART_MARGIN, xTitle, yTitle } from "./axes";

/**
 * The groups compared, in order, as the x axis: revision numbers (0 = the initial answer), or runs
 * in the order they were made (their position, named in the ticks).
 */
function groups(data: GoodhartData): { x: number; tick: string; evasiveShare: number | null }[] {
  return data.query.by === "run"
    ? data.runs.map((r, i) => ({ x: i, tick: r.name, evasiveShare: r.evasiveShare }))
    : data.revisions.map((r) => ({ x: r.revision, tick: String(r.revision), evasiveShare: r.evasiveShare }));
}

function xAxis(data: GoodhartData) {
  const points = groups(data);
  const ticks = new Map(points.map((p) => [p.x, p.tick]));
  return (
    <XAxis
      dataKey="x"
      type="number"
      domain={[points[0]?.x ?? 0, "dataMax"]}
      allowDecimals={false}
      ticks={points.map((p) => p.x)}
      tickFormatter={(x: number) => ticks.get(x) ?? String(x)}
      label={xTitle(data.query.by === "run" ? "Run, in the order made" : "Number of revisions (0 = initial response)")}
    />
  );
}

/** Share of sampled texts holding each phrase, per revision number or run: one line per phrase (top 8). */
export function PhraseGrowthChart({ data }: { data: GoodhartData }) {
  const phrases = data.phrases.slice(0, 8);
  const rows = groups(data).map((group, g) => {
    const row: Record<string, number> = { x: group.x };
    phrases.forEach((p, i) => (row[`share${i}`] = p.shares[g]));
    return row;
  });
  return (
    <ResponsiveContainer width="100%" height={360}>
      <LineChart data={rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke="#e7e5e4" />
        {xAxis(data)}
        <YAxis tickFormatter={tooltipShare} label={yTitle("texts with the phrase")} />
        <Tooltip formatter={tooltipShare} />
        <Legend verticalAlign="top" />
        {phrases.map((p, i) => (
          <Line
            key={p.phrase}
            dataKey={`share${i}`}
            name={p.phrase}
            stroke={seriesColour(i)}
            strokeDasharray={seriesDash(i)}
            strokeWidth={2}
            dot={{ r: 3, fill: seriesColour(i) }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Share of evasive answers per revision number or run. */
export function EvasiveShareChart({ data }: { data: GoodhartData }) {
  const rows = groups(data).map((g) => ({ x: g.x, share: g.evasiveShare }));
  return (
    <ResponsiveContainer width="100%" height={300}>
      <LineChart data={rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke="#e7e5e4" />
        {xAxis(data)}
        <YAxis tickFormatter={tooltipShare} domain={[0, "auto"]} label={yTitle("evasive answers")} />
        <Tooltip formatter={tooltipShare} />
        <Line dataKey="share" name="evasive share" stroke={OKABE_ITO.vermillion} strokeWidth={2} dot={{ r: 4, fill: OKABE_ITO.vermillion }} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
