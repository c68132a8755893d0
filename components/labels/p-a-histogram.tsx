"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { PreparedHistogram } from "./summary-data";

// Okabe-Ito blue and orange: told apart with every common colour-vision deficiency, and dark
// enough against white. The numbers are in the table beside the chart, so colour is never the
// only way to read them.
export const RAW_COLOUR = "#0072B2";
export const USED_COLOUR = "#E69F00";

/** The verdicts' P(A) in ten bins, raw next to used (clamped); drawing only, the numbers are prepared. */
export function PAHistogram({ histogram }: { histogram: PreparedHistogram }) {
  return (
    <figure aria-label="Histogram of P(A), raw and used" className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={histogram.bins} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} barGap={1}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d6d3d1" vertical={false} />
          <XAxis dataKey="range" tick={{ fill: "#292524", fontSize: 12 }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fill: "#292524", fontSize: 12 }} domain={[0, Math.max(1, histogram.maxCount)]} width={36} />
          <Tooltip formatter={(value, name) => [value, name]} labelFormatter={(label) => `P(A) ${label}`} />
          {/* the legend's words in dark text: the series colours are for the bars, not for reading */}
          <Legend wrapperStyle={{ fontSize: 13 }} formatter={(value) => <span style={{ color: "#292524" }}>{value}</span>} />
          <Bar dataKey="raw" name="P(A) raw" fill={RAW_COLOUR} isAnimationActive={false} />
          <Bar dataKey="used" name={histogram.clamped ? "P(A) used (clamped)" : "P(A) used"} fill={USED_COLOUR} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
