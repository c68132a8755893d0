import { createHash, randomUUID } from "node:crypto";
import { prisma } from "@/lib/server/db";

// Small factories for tests that need data shaped in a way no fixture file is: many prompts with
// chosen tags and counters, in a dataset of their own so tests never see each other's rows.

export async function createDataset(prefix = "test") {
  return prisma.dataset.create({ data: { name: `${prefix}-${randomUUID().slice(0, 8)}` } });
}

export interface PromptSpec {
  text: string;
  tags?: string[];
  chainCount?: number;
  labelCount?: number;
}

/** Inserts prompts in the order given (so ids ascend with it) and returns their ids. */
export async function createPrompts(datasetId: number, specs: PromptSpec[]): Promise<number[]> {
  const rows = await prisma.prompt.createManyAndReturn({
    data: specs.map((spec) => {
      const turns = [{ role: "user", content: spec.text }];
      return {
        datasetId,
        turns,
        text: spec.text,
        contentHash: createHash("sha256").update(`${randomUUID()}${spec.text}`).digest("hex"),
        tags: spec.tags ?? [],
        chainCount: spec.chainCount ?? 0,
        labelCount: spec.labelCount ?? 0,
      };
    }),
    select: { id: true },
  });
  return rows.map((row) => row.id).sort((a, b) => a - b);
}
