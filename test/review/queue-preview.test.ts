import { afterAll, describe, expect, it } from "vitest";
import { queuePreviewSchema } from "@/lib/schemas/review";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { previewQueue } from "@/lib/server/review/queues";
import { person, queueOf, verdictWorld } from "./fixtures";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

// The new-queue form says how many pairs a queue will hold before it is made: the same count the
// queue then shows as its total.
describe("previewQueue", () => {
  it("counts the pairs a queue would hold, and the answers it needs, as the made queue then does", async () => {
    // confidence |P(A) - 0.5|: 0.02, 0.05, 0.1, 0.3, 0.45; below 0.08: the first two
    const world = await verdictWorld([{ pAUsed: 0.52 }, { pAUsed: 0.45 }, { pAUsed: 0.6 }, { pAUsed: 0.8 }, { pAUsed: 0.05 }]);
    const input = { labelRunId: world.runId, criteria: { kind: "low-confidence", threshold: 0.08 }, reviewersPerItem: 3 };
    expect(await previewQueue(queuePreviewSchema.parse(input))).toEqual({ items: 2, answers: 6 });
    const reviewer = await person();
    const queue = await queueOf(input as Parameters<typeof queueOf>[0], reviewer.id);
    expect(queue.progress.total).toBe(2);

    // a spot check of a dataset's pairs: the sample's size, or every pair when there are fewer
    expect(await previewQueue(queuePreviewSchema.parse({ datasetId: world.datasetId, criteria: { kind: "spot-check", seed: "s", size: 3 } }))).toEqual({ items: 3, answers: 3 });
    expect(await previewQueue(queuePreviewSchema.parse({ datasetId: world.datasetId, criteria: { kind: "spot-check", seed: "s", size: 50 } }))).toEqual({ items: 5, answers: 5 });
    await expect(previewQueue(queuePreviewSchema.parse({ datasetId: 2_000_000_000, criteria: { kind: "all" } }))).rejects.toThrow("datasetId: there is no dataset 2000000000");
  });
});
