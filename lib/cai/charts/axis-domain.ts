// An axis that fits its data: recharts starts a number axis at 0, which squeezes means of 2.4 to 2.6
// and their intervals into a sliver. The domain covers every value (means and interval ends), with
// a little room, on round-ish bounds.

/**
 * [low, high] covering the values plus `pad` of their span on each side, rounded outwards to a
 * step of a tenth of a power of ten near the span. No finite values give undefined (let the chart
 * decide); one value (or all equal) gives that value -/+ 1 step of its magnitude.
 */
export function fittedDomain(values: (number | null | undefined)[], pad = 0.05): [number, number] | undefined {
  const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (finite.length === 0) return undefined;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min;
  // floating point: 0.7 + 0.1 is 0.7999999999999999
  const round = (v: number) => Number(v.toFixed(12));
  if (span === 0) {
    const step = min === 0 ? 1 : 10 ** Math.floor(Math.log10(Math.abs(min)));
    return [round(min - step), round(max + step)];
  }
  const step = 10 ** Math.floor(Math.log10(span)) / 10;
  return [round(Math.floor((min - span * pad) / step) * step), round(Math.ceil((max + span * pad) / step) * step)];
}
