"use client";

import { Bar, BarChart, CartesianGrid, ErrorBar, LabelList, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { PrincipleData } from "@/lib/schemas/charts";
import { linkedBar } from "./linked-shapes";
import { OKABE_ITO, REFERENCE_COLOUR } from "./palette";
import { flipRateText, tooltipNumber } from "./format";
import { CHART_MARGIN, FLIP_MARGIN, xTitle } from "./axes";

const LinkedBar = linkedBar("href", "name");
type Linked = { href?: string | null };

const height = (rows: number) => Math.max(160, 28 * rows + 60);

/** Mean score change per critique principle, its 95% interval as error bars, 0 marked. */
export function ScoreChangeChart({ changes, scoreName }: { changes: (PrincipleData["changes"][number] & Linked)[]; scoreName: string }) {
  const rows = changes.map((c) => ({
    label: c.label,
    href: c.href ?? undefined,
    name: `${c.label}: its scored revisions`,
    mean: c.mean ?? 0,
    interval: c.mean !== null && c.low !== null && c.high !== null ? [c.mean - c.low, c.high - c.mean] : [0, 0],
  }));
  return (
    <ResponsiveContainer width="100%" height={height(rows.length)}>
      <BarChart data={rows} layout="vertical" margin={CHART_MARGIN}>
        <CartesianGrid stroke="#e7e5e4" horizontal={false} />
        <XAxis type="number" label={xTitle(`mean change in ${scoreName} per revision`)} />
        <YAxis type="category" dataKey="label" width={220} interval={0} />
        <ReferenceLine x={0} stroke={REFERENCE_COLOUR} />
        <Tooltip formatter={tooltipNumber()} />
        <Bar dataKey="mean" name="mean change" fill={OKABE_ITO.blue} isAnimationActive={false} shape={LinkedBar}>
          <ErrorBar dataKey="interval" width={6} stroke={OKABE_ITO.black} direction="x" isAnimationActive={false} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Flip rate per preference principle. */
export function PrincipleFlipChart({ flips }: { flips: (PrincipleData["flips"][number] & Linked)[] }) {
  const rows = flips.map((f) => ({
    label: f.label,
    flipRate: f.flipRate ?? 0,
    href: f.href ?? undefined,
    name: `${f.label}: ${f.flips} flipped of ${f.pairs} pairs`,
    text: flipRateText(f.flips, f.pairs),
  }));
  return (
    <ResponsiveContainer width="100%" height={height(rows.length)}>
      <BarChart data={rows} layout="vertical" margin={FLIP_MARGIN}>
        <CartesianGrid stroke="#e7e5e4" horizontal={false} />
        <XAxis type="number" domain={[0, 1]} label={xTitle("flip rate")} />
        <YAxis type="category" dataKey="label" width={220} interval={0} />
        <Tooltip formatter={tooltipNumber()} />
        <Bar dataKey="flipRate" name="flip rate" fill={OKABE_ITO.bluishGreen} isAnimationActive={false} shape={LinkedBar}>
          <LabelList dataKey="text" position="right" className="fill-stone-800 text-xs" />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
