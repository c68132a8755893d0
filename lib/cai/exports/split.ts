import { mulberry32, seedFrom } from "../seeded-random";

// H4's train/test split, by prompt: a prompt's chains all land on the same side, so no test
// question was seen in training. Each prompt's side is drawn from (seed, prompt id) alone, so the
// split is the same on every run and machine, needs no pass over all prompts first, and adding
// prompts never moves the ones already there.

export type Split = "train" | "test";

export function splitOf(promptId: number, seed: number, testFraction: number): Split {
  return mulberry32(seedFrom("export-split", seed, promptId))() < testFraction ? "test" : "train";
}
