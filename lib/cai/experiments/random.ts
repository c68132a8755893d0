// The one source of randomness of the experiment statistics: mulberry32 (Tommy Ettinger's 32-bit
// generator), the same stream as the studio's lib/cai/seeded-random.ts (a test checks they agree),
// so the same data and seed give the same report on every machine. Everything random here
// (bootstrap resamples, text samples) draws from a SeededRandom. It is a class rather than the
// closure of seeded-random.ts so the bootstrap's hot loop (20 million draws at 10,000 prompts x
// 2,000 resamples) runs inline, about twice as fast.

import { seedFrom } from "../seeded-random";

export { seedFrom };

export class SeededRandom {
  private state: number;

  /** a 32-bit seed, or a string hashed to one with FNV-1a (seedFrom) */
  constructor(seed: number | string) {
    this.state = (typeof seed === "number" ? seed : seedFrom(seed)) >>> 0;
  }

  /** the next 32-bit unsigned integer */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** a number in [0, 1) */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** a whole number in [0, n): floor(next() x n) */
  below(n: number): number {
    return Math.floor((this.nextUint32() / 4294967296) * n);
  }

  /**
   * One bootstrap resample of counts.length items: counts[i] becomes how often item i was drawn in
   * n draws with replacement (a multinomial(n, 1/n) vector), each draw as below(n). Counts rather
   * than a list of indices, so a statistic is a weighted sum over the items and one draw serves
   * every statistic of a pair.
   */
  resampleCounts(counts: Int32Array): void {
    const n = counts.length;
    counts.fill(0);
    let state = this.state;
    for (let i = 0; i < n; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      counts[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)]++;
    }
    this.state = state;
  }
}

/** A generator of numbers in [0, 1), as a function. */
export function seededRandom(seed: number | string): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}
