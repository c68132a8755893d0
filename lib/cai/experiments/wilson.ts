// The Wilson score interval of a proportion (Wilson 1927, J. Am. Stat. Assoc. 22; recommended over
// the Wald interval by Newcombe 1998, "Two-sided confidence intervals for the single proportion",
// Stat. Med. 17, and Agresti & Coull 1998): the p whose score test at x of n does not reject,
//
//   (p^ + z^2 / 2n -/+ z sqrt(p^(1 - p^) / n + z^2 / 4n^2)) / (1 + z^2 / n),   z = 1.96 for 95%
//
// It stays inside [0, 1] and keeps its width at 0 of n or n of n. Newcombe's examples: 81 of 263
// -> 0.2553 to 0.3662; 0 of 20 -> 0 to 0.1611. x may be fractional (ties counted as halves).

import type { Interval } from "./resample";

const Z975 = 1.959963984540054;

/** The 95% Wilson interval of x successes in n trials; null when n = 0. */
export function wilsonInterval(x: number, n: number, z = Z975): Interval | null {
  if (!(n >= 0) || !(x >= 0 && x <= n)) throw new Error(`wilsonInterval: need 0 <= x <= n, got ${x} of ${n}`);
  if (n === 0) return null;
  const p = x / n;
  const z2 = z * z;
  const scale = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / scale;
  const half = (z / scale) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
