import { mulberry32, seedFrom } from "../seeded-random";

// H4's train/test split, by prompt: a prompt's chains all land on the same side, so no test
// question was seen in training. Each prompt's side is drawn from (seed, the prompt's content hash)
// alone, so the split is the same on every run, machine and database (a re-import gives new ids,
// not new hashes), needs no pass over all prompts first, and adding prompts never moves the ones
// already there.

export type Split = "train" | "test";

export function splitOf(promptHash: string, seed: number, testFraction: number): Split {
  return mulberry32(seedFrom("export-split", seed, promptHash))() < testFraction ? "test" : "train";
}
