"use client";

import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import type { CalibrationData } from "@/lib/schemas/charts";
import { formatRange, tooltipNumber } from "./format";
import { linkedDot } from "./linked-shapes";
import { OKABE_ITO, REFERENCE_COLOUR } from "./palette";
import { CHART_MARGIN, xTitle, yTitle } from "./axes";

const BinDot = linkedDot("href", "label");

/** Reliability diagram: per bin, mean P(A) against how often people chose A; the diagonal is perfect. A dot opens its pairs, as many as the bin's `pairs`. */
export function CalibrationChart({ bins }: { bins: (CalibrationData["bins"][number] & { href?: string })[] }) {
  const points = bins
    .filter((b) => b.count > 0)
    .map((b) => ({ predicted: b.meanPredicted, observed: b.observed, count: b.count, href: b.href, label: `AI P(A) ${formatRange(b.low, b.high)}: ${b.count} answers on ${b.pairs} pairs` }));
  return (
    <ResponsiveContainer width="100%" height={360}>
      <ScatterChart margin={CHART_MARGIN}>
        <CartesianGrid stroke="#e7e5e4" />
        <XAxis type="number" dataKey="predicted" name="mean AI P(A)" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} label={xTitle("AI P(A), bin mean")} />
        <YAxis type="number" dataKey="observed" name="people chose A" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} allowDataOverflow={false} label={yTitle("share of A answers")} />
        <ZAxis type="number" dataKey="count" name="answers" range={[40, 400]} />
        <ReferenceLine
          segment={[
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ]}
          stroke={REFERENCE_COLOUR}
          strokeDasharray="4 4"
          ifOverflow="extendDomain"
        />
        <Tooltip formatter={tooltipNumber()} />
        <Scatter data={points} fill={OKABE_ITO.vermillion} line={{ stroke: OKABE_ITO.vermillion }} shape={BinDot} isAnimationActive={false} name="bins" />
      </ScatterChart>
    </ResponsiveContainer>
  );
}
