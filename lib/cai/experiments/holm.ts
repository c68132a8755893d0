// Holm's step-down correction for several tests (Holm 1979, "A simple sequentially rejective
// multiple test procedure", Scand. J. Statist. 6(2)): it controls the family-wise error rate like
// Bonferroni but rejects more. Sorted ascending, the i-th smallest p (i from 0) is multiplied by
// (m - i), the running maximum keeps the adjusted values in order, and each is capped at 1. The
// same numbers as R's p.adjust(p, "holm"):
//
//   p = 0.01, 0.04, 0.03, 0.005  ->  0.03, 0.06, 0.06, 0.02

/** Holm-adjusted p-values, in the order given. NaN or values outside [0, 1] throw. */
export function holm(pValues: readonly number[]): number[] {
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new Error(`holm: p-values must be in [0, 1], got ${p}`);
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
    adjusted[index] = running;
  });
  return adjusted;
}
