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
