"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { GoodhartData } from "@/lib/schemas/charts";
import { OKABE_ITO, seriesColour, seriesDash } from "./palette";

const percent = (value: unknown) => (typeof value === "number" ? `${(value * 100).toFixed(1)}%` : String(value));

/** Share of sampled texts holding each phrase, per revision number: one line per phrase (top 8). */
export function PhraseGrowthChart({ data }: { data: GoodhartData }) {
  const phrases = data.phrases.slice(0, 8);
  const rows = data.revisions.map((r, g) => {
    const row: Record<string, number> = { revision: r.revision };
    phrases.forEach((p, i) => (row[`share${i}`] = p.shares[g]));
    return row;
  });
  return (
    <ResponsiveContainer width="100%" height={360}>
      <LineChart data={rows} margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
        <CartesianGrid stroke="#e7e5e4" />
        <XAxis dataKey="revision" type="number" domain={[0, "dataMax"]} allowDecimals={false} ticks={rows.map((r) => r.revision)}
          label={{ value: "Number of revisions (0 = initial response)", position: "insideBottom", offset: -10 }} />
        <YAxis tickFormatter={percent} label={{ value: "texts with the phrase", angle: -90, position: "insideLeft" }} />
        <Tooltip formatter={percent} />
        <Legend verticalAlign="top" />
        {phrases.map((p, i) => (
          <Line key={p.phrase} dataKey={`share${i}`} name={p.phrase} stroke={seriesColour(i)} strokeDasharray={seriesDash(i)} strokeWidth={2}
            dot={{ r: 3, fill: seriesColour(i) }} isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Share of evasive answers per revision number. */
export function EvasiveShareChart({ revisions }: { revisions: GoodhartData["revisions"] }) {
  const rows = revisions.map((r) => ({ revision: r.revision, share: r.evasiveShare }));
  return (
    <ResponsiveContainer width="100%" height={300}>
      <LineChart data={rows} margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
        <CartesianGrid stroke="#e7e5e4" />
        <XAxis dataKey="revision" type="number" domain={[0, "dataMax"]} allowDecimals={false} ticks={rows.map((r) => r.revision)}
          label={{ value: "Number of revisions (0 = initial response)", position: "insideBottom", offset: -10 }} />
        <YAxis tickFormatter={percent} domain={[0, "auto"]} label={{ value: "evasive answers", angle: -90, position: "insideLeft" }} />
        <Tooltip formatter={percent} />
        <Line dataKey="share" name="evasive share" stroke={OKABE_ITO.vermillion} strokeWidth={2} dot={{ r: 4, fill: OKABE_ITO.vermillion }} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
