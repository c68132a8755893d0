import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueSchema, type ItemListQuery } from "@/lib/schemas/review";
import { prisma } from "@/lib/server/db";
import { listQueueItems } from "@/lib/server/review/items";
import { pgPool } from "@/lib/server/pg";
import { person, queueOf, verdictWorld, type VerdictWorld } from "./fixtures";

// Each criterion on hand-made verdicts: which pairs it selects and in which order (least
// trustworthy first, ties by comparison id), and keyset paging through them.

let userId: string;
beforeAll(async () => {
  userId = (await person()).id;
});
afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const ALL: ItemListQuery = { show: "all", unreviewed: false };

/** Every item of the queue, in order, read one small page at a time. */
async function walk(queueId: number, query: ItemListQuery = ALL): Promise<number[]> {
  const ids: number[] = [];
  let after: ItemListQuery["after"];
  for (let pages = 0; pages < 100; pages++) {
    const page = await listQueueItems(queueId, { ...query, after, limit: 2 }, { userId, canAnswer: true });
    ids.push(...page.rows.map((row) => row.comparisonId));
    if (!page.next) return ids;
    const [rank, id] = page.next.split("_");
    after = { rank: Number(rank), id: Number(id) };
  }
  throw new Error("the pages never ended");
}

describe("low confidence", () => {
  let world: VerdictWorld;
  beforeAll(async () => {
    // 0.5 ± 0.0625 is exact in binary, so #1 and #4 tie and fall back to id order
    world = await verdictWorld([{ pAUsed: 0.9 }, { pAUsed: 0.5625 }, { pAUsed: 0.5 }, { pAUsed: 0.62 }, { pAUsed: 0.4375 }, { pAUsed: 0.51 }, { pAUsed: 0.1 }]);
  });

  it("selects |P(A) used − 0.5| below the threshold, closest to even first, ties by id", async () => {
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "low-confidence", threshold: 0.1 } }, userId);
    const c = world.comparisonIds;
    expect(await walk(queue.id)).toEqual([c[2], c[5], c[1], c[4]]);
    expect(queue.progress).toEqual({ total: 4, done: 0, mine: 0 });
  });

  it("uses the default threshold of 0.1 and another when given", async () => {
    expect(createQueueSchema.parse({ name: "q", labelRunId: 1, criteria: { kind: "low-confidence" } }).criteria).toEqual({ kind: "low-confidence", threshold: 0.1 });
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "low-confidence", threshold: 0.2 } }, userId);
    const c = world.comparisonIds;
    expect(await walk(queue.id)).toEqual([c[2], c[5], c[1], c[4], c[3]]);
  });
});

describe("order flips", () => {
  it("selects pairs with at least one flip, most flips first, ties by id", async () => {
    const world = await verdictWorld([
      { pAUsed: 0.5, flips: 0 },
      { pAUsed: 0.7, flips: 2 },
      { pAUsed: 0.5, flips: 1 },
      { pAUsed: 0.2, flips: 3 },
      { pAUsed: 0.9, flips: 1 },
    ]);
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "flips" } }, userId);
    const c = world.comparisonIds;
    expect(await walk(queue.id)).toEqual([c[3], c[1], c[2], c[4]]);
  });
});

describe("principle disagreement", () => {
  it("selects a spread above the threshold, biggest first", async () => {
    const world = await verdictWorld([
      { pAUsed: 0.5, spread: 0.1 },
      { pAUsed: 0.5, spread: 0.5 },
      { pAUsed: 0.5, spread: 0.25 },
      { pAUsed: 0.5, spread: 0.2 },
      { pAUsed: 0.5, spread: 0.75 },
    ]);
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "principle-disagreement", threshold: 0.2 } }, userId);
    const c = world.comparisonIds;
    expect(await walk(queue.id)).toEqual([c[4], c[1], c[2]]);
  });
});

describe("chain-of-thought clamp gap", () => {
  it("selects chain-of-thought verdicts whose raw and clamped P(A) differ by more than the threshold, biggest gap first", async () => {
    const world = await verdictWorld([
      { pA: 0.9, pAUsed: 0.6, chainOfThought: true }, // gap 0.3
      { pA: 0.55, pAUsed: 0.55, chainOfThought: true }, // no gap
      { pA: 0.125, pAUsed: 0.4, chainOfThought: true }, // gap 0.275
      { pA: 0.65, pAUsed: 0.6, chainOfThought: true }, // gap 0.05: below the threshold
      { pA: 0.0, pAUsed: 0.4, chainOfThought: false }, // not chain of thought, whatever the numbers say
      { pA: 1.0, pAUsed: 0.6, chainOfThought: true }, // gap 0.4
    ]);
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "cot-clamp-gap", threshold: 0.1 } }, userId);
    const c = world.comparisonIds;
    expect(await walk(queue.id)).toEqual([c[5], c[0], c[2]]);
  });
});

describe("spot check", () => {
  let world: VerdictWorld;
  beforeAll(async () => {
    world = await verdictWorld(Array.from({ length: 12 }, (_, i) => ({ pAUsed: i / 12 })));
  });

  const md5Order = (seed: string, ids: number[]) =>
    ids.toSorted((a, b) => {
      const [x, y] = [a, b].map((id) => createHash("md5").update(`${seed}${id}`).digest("hex"));
      return x < y ? -1 : x > y ? 1 : a - b;
    });

  it("draws the first n pairs in md5(seed || comparison id) order, the same sample for the same seed", async () => {
    const first = await queueOf({ labelRunId: world.runId, criteria: { kind: "spot-check", seed: "alpha", size: 5 } }, userId);
    const again = await queueOf({ labelRunId: world.runId, criteria: { kind: "spot-check", seed: "alpha", size: 5 } }, userId);
    const expected = md5Order("alpha", world.comparisonIds).slice(0, 5);
    expect(await walk(first.id)).toEqual(expected);
    expect(await walk(again.id)).toEqual(expected);
    expect(first.progress.total).toBe(5);
  });

  it("draws another sample for another seed", async () => {
    const other = await queueOf({ labelRunId: world.runId, criteria: { kind: "spot-check", seed: "beta", size: 5 } }, userId);
    const expected = md5Order("beta", world.comparisonIds).slice(0, 5);
    expect(await walk(other.id)).toEqual(expected);
    expect(expected).not.toEqual(md5Order("alpha", world.comparisonIds).slice(0, 5));
  });

  it("keeps its sample when the run gets more verdicts later", async () => {
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "spot-check", seed: "gamma", size: 4 } }, userId);
    const before = await walk(queue.id);
    const more = await verdictWorld(Array.from({ length: 8 }, () => ({ pAUsed: 0.5 })));
    await prisma.aiVerdict.updateMany({ where: { runId: more.runId }, data: { runId: world.runId } });
    expect(await walk(queue.id)).toEqual(before);
  });

  it("samples a dataset's pairs without a labeling run", async () => {
    const queue = await queueOf({ datasetId: world.datasetId, criteria: { kind: "spot-check", seed: "alpha", size: 5 } }, userId);
    expect(await walk(queue.id)).toEqual(md5Order("alpha", world.comparisonIds).slice(0, 5));
  });
});

describe("all pairs", () => {
  it("takes every verdict of a run closest to even first, or a dataset's pairs by id", async () => {
    const world = await verdictWorld([{ pAUsed: 0.9 }, { pAUsed: 0.5 }, { pAUsed: 0.25 }]);
    const c = world.comparisonIds;
    const ofRun = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" } }, userId);
    expect(await walk(ofRun.id)).toEqual([c[1], c[2], c[0]]);
    const ofDataset = await queueOf({ datasetId: world.datasetId, criteria: { kind: "all" } }, userId);
    expect(await walk(ofDataset.id)).toEqual(c);
  });
});

describe("keyset paging", () => {
  it("neither repeats nor skips an item at a page boundary, whatever digits the ranks have", async () => {
    // |0.45 − 0.5| and |0.55 − 0.5| are 0.04999999999999999 and 0.050000000000000044 in float8
    const world = await verdictWorld([{ pAUsed: 0.55 }, { pAUsed: 0.45 }, { pAUsed: 0.6 }, { pAUsed: 0.4 }, { pAUsed: 0.7 }, { pAUsed: 0.3 }]);
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" } }, userId);
    const c = world.comparisonIds;
    // and |0.7 − 0.5| = 0.19999999999999996 comes before |0.3 − 0.5| = 0.2
    expect(await walk(queue.id)).toEqual([c[1], c[0], c[2], c[3], c[4], c[5]]);
  });
});

describe("making a queue", () => {
  it("refuses verdict criteria without a labeling run, and a run that is not one", async () => {
    const noRun = createQueueSchema.safeParse({ name: "q", datasetId: 1, criteria: { kind: "flips" } });
    expect(noRun.error?.issues.map((i) => i.path.join("."))).toEqual(["criteria.kind"]);
    const neither = createQueueSchema.safeParse({ name: "q", criteria: { kind: "all" } });
    expect(neither.error?.issues.map((i) => i.path.join("."))).toEqual(["labelRunId"]);
    const sl = await prisma.run.create({ data: { kind: "SL_CAI", status: "SUCCEEDED" } });
    await expect(queueOf({ labelRunId: sl.id, criteria: { kind: "all" } }, userId)).rejects.toThrow(/is not a labeling run/);
    await expect(queueOf({ labelRunId: 2_000_000_000, criteria: { kind: "all" } }, userId)).rejects.toThrow("labelRunId: there is no run 2000000000");
  });

  it("writes queue.create to the trail with what the queue selects", async () => {
    const world = await verdictWorld([{ pAUsed: 0.5 }]);
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "spot-check", seed: "s", size: 1 }, reviewersPerItem: 3 }, userId);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: "queue.create", entityId: String(queue.id) } });
    expect(entry).toMatchObject({ userId, entityType: "reviewQueue", after: { criteria: { kind: "spot-check", seed: "s", size: 1 }, reviewersPerItem: 3 } });
    // the drawn ids stay on the server
    expect(queue.criteria).toEqual({ kind: "spot-check", seed: "s", size: 1 });
  });
});
