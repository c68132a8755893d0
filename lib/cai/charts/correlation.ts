// Pearson's correlation of paired values, from the values or from their moments (count, sums, sums
// of squares and of products), which is what a summary kept in SQL holds. Both give Postgres
// corr()'s answer: null under two pairs, or when either side has no spread.

export interface Moments {
  n: number;
  sumX: number;
  sumY: number;
  sumXX: number;
  sumYY: number;
  sumXY: number;
}

/** Spread below this share of n * sum of squares is rounding left over from sums that cancel: none. */
const NO_SPREAD = 1e-12;

export function correlationFromMoments(m: Moments): number | null {
  if (m.n < 2) return null;
  const sxx = m.n * m.sumXX - m.sumX * m.sumX;
  const syy = m.n * m.sumYY - m.sumY * m.sumY;
  if (sxx <= NO_SPREAD * m.n * Math.abs(m.sumXX) || syy <= NO_SPREAD * m.n * Math.abs(m.sumYY)) return null;
  const r = (m.n * m.sumXY - m.sumX * m.sumY) / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

export function momentsOf(points: { x: number; y: number }[]): Moments {
  const m: Moments = { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
  for (const { x, y } of points) {
    m.n++;
    m.sumX += x;
    m.sumY += y;
    m.sumXX += x * x;
    m.sumYY += y * y;
    m.sumXY += x * y;
  }
  return m;
}

/** Pearson's r of the points: correlationFromMoments(momentsOf(points)). */
export function correlation(points: { x: number; y: number }[]): number | null {
  return correlationFromMoments(momentsOf(points));
}
