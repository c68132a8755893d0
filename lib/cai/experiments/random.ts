// The one source of randomness of the experiment statistics: mulberry32 (Tommy Ettinger's 32-bit
// generator, the studio's lib/cai/seeded-random.ts, reused rather than copied), so the same data and
// seed give the same report on every machine. Everything random here (bootstrap resamples, text
// samples) draws from a generator made by seededRandom.

import { mulberry32, seedFrom } from "../seeded-random";

export { seedFrom };

/** A generator of numbers in [0, 1) from a 32-bit seed (a string seed is hashed with FNV-1a). */
export function seededRandom(seed: number | string): () => number {
  return mulberry32(typeof seed === "number" ? seed : seedFrom(seed));
}

/**
 * One bootstrap resample of n items as counts: counts[i] is how often item i was drawn in n draws
 * with replacement (a multinomial(n, 1/n) vector). Counts rather than a list of indices, so a
 * statistic is a weighted sum over the items and one draw serves every statistic of a pair.
 */
export function drawResampleCounts(random: () => number, counts: Float64Array): void {
  const n = counts.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[Math.floor(random() * n)]++;
}
