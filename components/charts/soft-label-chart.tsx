"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SoftLabelData } from "@/lib/schemas/charts";
import { OKABE_ITO } from "./palette";

/** Raw and clamped P(A) side by side per bin. */
export function SoftLabelChart({ bins }: { bins: SoftLabelData["bins"] }) {
  const rows = bins.map((b) => ({ bin: `${b.low.toFixed(2)}–${b.high.toFixed(2)}`, raw: b.raw, used: b.used }));
  return (
    <ResponsiveContainer width="100%" height={320}>
      <BarChart data={rows} margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
        <CartesianGrid stroke="#e7e5e4" vertical={false} />
        <XAxis dataKey="bin" label={{ value: "P(A)", position: "insideBottom", offset: -10 }} />
        <YAxis allowDecimals={false} label={{ value: "verdicts", angle: -90, position: "insideLeft" }} />
        <Tooltip />
        <Legend verticalAlign="top" />
        <Bar dataKey="raw" name="P(A) raw" fill={OKABE_ITO.blue} isAnimationActive={false} />
        <Bar dataKey="used" name="P(A) used (clamped)" fill={OKABE_ITO.orange} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
