"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SoftLabelData } from "@/lib/schemas/charts";
import { formatRange } from "./format";
import { linkedBar } from "./linked-shapes";
import { OKABE_ITO } from "./palette";
import { CHART_MARGIN, xTitle, yTitle } from "./axes";

export type SoftLabelBin = SoftLabelData["bins"][number] & { rawHref?: string; usedHref?: string };

const RawBar = linkedBar("rawHref", "rawLabel");
const UsedBar = linkedBar("usedHref", "usedLabel");

/** Raw and clamped P(A) side by side per bin; a bar opens the pairs it counts. */
export function SoftLabelChart({ bins }: { bins: SoftLabelBin[] }) {
  const rows = bins.map((b) => {
    const range = formatRange(b.low, b.high);
    return {
      bin: `${b.low.toFixed(2)}–${b.high.toFixed(2)}`,
      raw: b.raw,
      used: b.used,
      rawHref: b.rawHref,
      usedHref: b.usedHref,
      rawLabel: `P(A) raw ${range}: ${b.raw} verdicts`,
      usedLabel: `P(A) used ${range}: ${b.used} verdicts`,
    };
  });
  return (
    <ResponsiveContainer width="100%" height={320}>
      <BarChart data={rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke="#e7e5e4" vertical={false} />
        <XAxis dataKey="bin" label={xTitle("P(A)")} />
        <YAxis allowDecimals={false} label={yTitle("verdicts")} />
        <Tooltip />
        <Legend verticalAlign="top" />
        <Bar dataKey="raw" name="P(A) raw" fill={OKABE_ITO.blue} isAnimationActive={false} shape={RawBar} />
        <Bar dataKey="used" name="P(A) used (clamped)" fill={OKABE_ITO.orange} isAnimationActive={false} shape={UsedBar} />
      </BarChart>
    </ResponsiveContainer>
  );
}
