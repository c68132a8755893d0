"use client";

import { Rectangle, type RectangleProps } from "recharts";

// Marks that are links: a bar, a dot or a bubble wrapped in an SVG <a>, so clicking it (or Tab and
// Enter) opens the items behind it, as the "Show" link of its table row does. A mark without an
// href (nothing behind it) is drawn plain.

type Props = { payload?: Record<string, unknown>; fill?: string };

function hrefOf(payload: Record<string, unknown> | undefined, key: string): string | undefined {
  const href = payload?.[key];
  return typeof href === "string" ? href : undefined;
}

/** A bar's shape that links to `payload[hrefKey]`, named by `payload[labelKey]`. */
export function linkedBar(hrefKey: string, labelKey: string) {
  function LinkedBar(props: unknown) {
    // only what draws the bar: recharts hands a shape every prop of the series and the entry
    const { payload, x, y, width, height, radius, fill, stroke, fillOpacity } = props as RectangleProps & Props;
    const href = hrefOf(payload, hrefKey);
    const bar = <Rectangle x={x} y={y} width={width} height={height} radius={radius} fill={fill} stroke={stroke} fillOpacity={fillOpacity} />;
    if (!href) return bar;
    return (
      <a href={href} aria-label={String(payload?.[labelKey] ?? "Show the items")} className="cursor-pointer">
        {bar}
      </a>
    );
  }
  return LinkedBar;
}

/** A round dot (line point or scatter bubble) that links to `payload[hrefKey]`. */
export function linkedDot(hrefKey: string, labelKey: string, colour?: string) {
  function LinkedDot(props: unknown) {
    const {
      cx,
      cy,
      r,
      size: area,
      fill,
      stroke,
      payload,
    } = props as {
      cx?: number;
      cy?: number;
      r?: number;
      size?: number;
      fill?: string;
      stroke?: string;
      payload?: Record<string, unknown>;
    };
    if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) return <g />;
    // a scatter's symbol size is an area (ZAxis range); a line's dot has a radius
    const size = typeof area === "number" ? Math.sqrt(area / Math.PI) : (r ?? 4);
    const dot = <circle cx={cx} cy={cy} r={size} fill={colour ?? fill ?? stroke} fillOpacity={0.8} stroke={colour ?? stroke ?? fill} />;
    const href = hrefOf(payload, hrefKey);
    if (!href) return dot;
    return (
      <a href={href} aria-label={String(payload?.[labelKey] ?? "Show the items")} className="cursor-pointer">
        {dot}
      </a>
    );
  }
  return LinkedDot;
}
