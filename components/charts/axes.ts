// Axis titles outside the tick labels, never on top of them: the x title below the axis (ticks
// included), the y title left of the y axis's tick labels, and a chart margin with room for both.
// Every chart takes its margin and titles from here.

export const CHART_MARGIN = { top: 16, right: 24, bottom: 28, left: 24 };
/** Horizontal bars labelled at their end ("0.25 (3/12)"): room on the right for a full-length bar's label. */
export const FLIP_MARGIN = { ...CHART_MARGIN, right: 96 };

export function xTitle(value: string) {
  return { value, position: "bottom" as const, offset: 6 };
}

export function yTitle(value: string) {
  // "left" places the title's centre left of the axis box, which holds the tick labels; rotated,
  // the text is centred on its middle rather than ending there
  return { value, angle: -90, position: "left" as const, offset: 10, style: { textAnchor: "middle" as const } };
}
