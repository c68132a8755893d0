// An axis that fits its data: recharts starts a number axis at 0, which squeezes means of 2.4 to 2.6
// and their intervals into a sliver. The axis covers every value (means and interval ends) with a
// little room, on round ticks (a step of 1, 2, 2.5 or 5 times a power of ten, about five of them).

export interface FittedAxis {
  domain: [number, number];
  ticks: number[];
}

// floating point: 0.7 + 0.1 is 0.7999999999999999
const round = (v: number) => Number(v.toFixed(12));

/** The round step (1, 2, 2.5, 5 x 10^k) nearest above `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw * (1 - 1e-9))!;
  return round(step * power);
}

/**
 * Bounds covering the values plus `pad` of their span on each side, rounded outwards to a round
 * step that gives about `count` intervals, and the ticks on that step. No finite values give
 * undefined (let the chart decide); one value (or all equal) is widened by a step of its size.
 */
export function fittedAxis(values: (number | null | undefined)[], { pad = 0.05, count = 4 } = {}): FittedAxis | undefined {
  const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (finite.length === 0) return undefined;
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (max === min) {
    const size = min === 0 ? 1 : 10 ** Math.floor(Math.log10(Math.abs(min)));
    [min, max] = [min - size, max + size];
  } else {
    const room = (max - min) * pad;
    [min, max] = [min - room, max + room];
  }
  const step = niceStep((max - min) / count);
  const low = round(Math.floor(round(min / step)) * step);
  const high = round(Math.ceil(round(max / step)) * step);
  const ticks: number[] = [];
  for (let i = 0; low + i * step <= high + step * 1e-9; i++) ticks.push(round(low + i * step));
  return { domain: [low, high], ticks };
}
