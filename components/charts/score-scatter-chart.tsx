"use client";

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ScoreScatterData } from "@/lib/schemas/charts";
import { linkedDot } from "./linked-shapes";
import { OKABE_ITO } from "./palette";
import { tooltipNumber } from "./format";
import { CHART_MARGIN, xTitle, yTitle } from "./axes";

const ResponseDot = linkedDot("href", "label", OKABE_ITO.blue);

/** One point per response: score X across, score Y up, on the Elo scale where the score is Bradley-Terry; a point opens its prompt. */
export function ScoreScatterChart({ data, xLabel, yLabel }: { data: ScoreScatterData; xLabel: string; yLabel: string }) {
  const points = data.points.map((p) => ({ x: p.xElo ?? p.x, y: p.yElo ?? p.y, href: `/prompts/${p.promptId}`, label: `Response ${p.responseId}: its prompt` }));
  return (
    <ResponsiveContainer width="100%" height={380}>
      <ScatterChart margin={CHART_MARGIN}>
        <CartesianGrid stroke="#e7e5e4" />
        <XAxis type="number" dataKey="x" name={xLabel} domain={["auto", "auto"]} label={xTitle(xLabel)} />
        <YAxis type="number" dataKey="y" name={yLabel} domain={["auto", "auto"]} label={yTitle(yLabel)} />
        <Tooltip formatter={tooltipNumber()} />
        <Scatter data={points} fill={OKABE_ITO.blue} fillOpacity={0.6} isAnimationActive={false} name="responses" shape={ResponseDot} />
      </ScatterChart>
    </ResponsiveContainer>
  );
}
