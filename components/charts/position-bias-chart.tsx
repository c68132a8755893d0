"use client";

import { Bar, BarChart, CartesianGrid, LabelList, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import type { PositionBiasData, PositionBiasGroup } from "@/lib/schemas/charts";
import { flipRateText, formatRange, tooltipNumber } from "./format";
import { linkedBar, linkedDot } from "./linked-shapes";
import { OKABE_ITO, REFERENCE_COLOUR } from "./palette";
import { CHART_MARGIN, FLIP_MARGIN, xTitle, yTitle } from "./axes";

const FlipBar = linkedBar("href", "name");
const CellDot = linkedDot("href", "label", OKABE_ITO.blue);

/** Pairs by P(A) with A shown first (x) and shown second (y); off the diagonal the order mattered. A bubble opens its pairs. */
export function OrderGridChart({ grid, bins }: { grid: (PositionBiasData["grid"][number] & { href?: string })[]; bins: number }) {
  const half = 0.5 / bins;
  const points = grid.map((g) => ({
    first: g.xLow + half,
    second: g.yLow + half,
    pairs: g.count,
    href: g.href,
    label: `A shown first ${formatRange(g.x / bins, (g.x + 1) / bins)}, shown second ${formatRange(g.y / bins, (g.y + 1) / bins)}: ${g.count} pairs`,
  }));
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  return (
    <ResponsiveContainer width="100%" height={360}>
      <ScatterChart margin={CHART_MARGIN}>
        <CartesianGrid stroke="#e7e5e4" />
        <XAxis type="number" dataKey="first" name="P(A), A shown first" domain={[0, 1]} ticks={ticks} label={xTitle("P(A) with A shown first")} />
        <YAxis type="number" dataKey="second" name="P(A), A shown second" domain={[0, 1]} ticks={ticks} label={yTitle("P(A), A shown second")} />
        <ZAxis type="number" dataKey="pairs" name="pairs" range={[30, 500]} />
        <ReferenceLine
          segment={[
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ]}
          stroke={REFERENCE_COLOUR}
          strokeDasharray="4 4"
        />
        <ReferenceLine x={0.5} stroke={REFERENCE_COLOUR} />
        <ReferenceLine y={0.5} stroke={REFERENCE_COLOUR} />
        <Tooltip formatter={tooltipNumber(2)} />
        <Scatter data={points} fill={OKABE_ITO.blue} fillOpacity={0.7} isAnimationActive={false} name="pairs" shape={CellDot} />
      </ScatterChart>
    </ResponsiveContainer>
  );
}

/** Flip rate per group (principle or endpoint); a bar with an href opens the pairs it flipped on. */
export function FlipRateChart({ groups }: { groups: (PositionBiasGroup & { href?: string | null })[] }) {
  const rows = groups.map((g) => ({
    label: g.label,
    flipRate: g.flipRate ?? 0,
    href: g.href ?? undefined,
    name: `${g.label}: ${g.flipsToFirst + g.flipsToSecond} flipped of ${g.pairs} pairs`,
    text: flipRateText(g.flipsToFirst + g.flipsToSecond, g.pairs),
  }));
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, 28 * rows.length + 60)}>
      <BarChart data={rows} layout="vertical" margin={FLIP_MARGIN}>
        <CartesianGrid stroke="#e7e5e4" horizontal={false} />
        <XAxis type="number" domain={[0, 1]} label={xTitle("flip rate")} />
        <YAxis type="category" dataKey="label" width={220} interval={0} />
        <Tooltip formatter={tooltipNumber()} />
        <Bar dataKey="flipRate" name="flip rate" fill={OKABE_ITO.bluishGreen} isAnimationActive={false} shape={FlipBar}>
          <LabelList dataKey="text" position="right" className="fill-stone-800 text-xs" />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
