import { mulberry32, seedFrom } from "./seeded-random";

// Which principle a critique-revision step uses. A pure function of (run settings, prompt, step):
// a worker that restarts a prompt halfway draws the same principles again, and a run can be
// replayed from its recorded seed.

export type PrincipleSampling =
  /** the paper's way: each step draws a principle uniformly at random (repeats are possible) */
  | { mode: "uniform"; seed: number }
  /** step k uses principle k-1 (wrapping), the same for every prompt */
  | { mode: "fixed" };

/** Index (0-based) of the principle for `step` (1-based) of the chain for `promptId`. */
export function principleIndexForStep(sampling: PrincipleSampling, principleCount: number, promptId: number, step: number): number {
  if (principleCount < 1) throw new Error("a constitution needs at least one critique-revision principle");
  if (sampling.mode === "fixed") return (step - 1) % principleCount;
  return Math.floor(mulberry32(seedFrom(sampling.seed, promptId, step))() * principleCount);
}

/**
 * The K distinct preference principles (indices) that judge one comparison: a seeded shuffle, so a
 * restart draws the same ensemble and a run can be replayed from its seed.
 */
export function principlesForPair(seed: number, principleCount: number, comparisonId: number, k: number): number[] {
  if (k > principleCount) throw new Error(`cannot draw ${k} distinct principles from ${principleCount}`);
  const random = mulberry32(seedFrom(seed, "pair", comparisonId));
  const indices = Array.from({ length: principleCount }, (_, i) => i);
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices.slice(0, k);
}
