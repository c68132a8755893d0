import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { queueItemsSql } from "@/lib/server/review/criteria";
import { findQueue } from "@/lib/server/review/queue-record";
import { queueTotal } from "@/lib/server/review/total";
import { itOnServer } from "../setup/on-server";
import { person, queueOf, verdictWorld } from "./fixtures";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

// A queue's total is kept (lib/server/review/total.ts): stored with the version of its items, which
// triggers raise on every write that may change them. Each step below changes the items and checks
// the kept total against a count of what criteria.ts selects now, and that the count was stored.

/** The count of the queue's items now, as criteria.ts selects them, beside the kept total. */
async function totals(queueId: number) {
  const queue = await findQueue(queueId);
  const {
    rows: [counted],
  } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${queueItemsSql(queue)}) i`.execute(db);
  const kept = await queueTotal(queueId);
  const stored = await prisma.reviewQueue.findUniqueOrThrow({ where: { id: queueId }, select: { itemCount: true, itemCountVersion: true, itemsVersion: true } });
  return { counted: counted.n, kept, stored: stored.itemCount !== null && stored.itemCountVersion === stored.itemsVersion ? stored.itemCount : null };
}

async function version(queueId: number): Promise<number> {
  return (await prisma.reviewQueue.findUniqueOrThrow({ where: { id: queueId }, select: { itemsVersion: true } })).itemsVersion;
}

describe("a review queue's kept total", () => {
  it("follows its run's verdicts: added, changed across the threshold, deleted; and the run itself deleted", async () => {
    const world = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.52 }, { pAUsed: 0.9 }]);
    const me = await person();
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "low-confidence", threshold: 0.1 } }, me.id);
    expect(queue.progress.total).toBe(2);
    expect(await totals(queue.id)).toEqual({ counted: 2, kept: 2, stored: 2 });
    // read again: the stored count, no change of version
    const before = await version(queue.id);
    expect(await queueTotal(queue.id)).toBe(2);
    expect(await version(queue.id)).toBe(before);

    // a verdict of the run moves into the queue (as a label run's item re-stored does)
    await prisma.aiVerdict.update({ where: { runId_comparisonId: { runId: world.runId, comparisonId: world.comparisonIds[2] } }, data: { pAUsed: 0.55, pA: 0.55 } });
    expect(await totals(queue.id)).toEqual({ counted: 3, kept: 3, stored: 3 });
    // a new pair and its verdict
    const [extra] = await verdictWorldInto(world);
    expect(await totals(queue.id)).toEqual({ counted: 4, kept: 4, stored: 4 });
    // a verdict deleted with its pair
    await prisma.comparison.delete({ where: { id: extra } });
    expect(await totals(queue.id)).toEqual({ counted: 3, kept: 3, stored: 3 });
    // another run's verdicts leave it alone
    const other = await verdictWorld([{ pAUsed: 0.5 }]);
    const unchanged = await version(queue.id);
    await prisma.aiVerdict.updateMany({ where: { runId: other.runId }, data: { pAUsed: 0.45 } });
    expect(await version(queue.id)).toBe(unchanged);
    // the run deleted: the queue becomes one over its dataset's pairs (all three)
    await prisma.run.delete({ where: { id: world.runId } });
    expect(await totals(queue.id)).toEqual({ counted: 3, kept: 3, stored: 3 });
  });

  it("follows its dataset's pairs: added, moved to another dataset's prompt, deleted with their prompt", async () => {
    const world = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.6 }]);
    const elsewhere = await verdictWorld([{ pAUsed: 0.5 }]);
    const me = await person();
    const queue = await queueOf({ datasetId: world.datasetId, criteria: { kind: "all" } }, me.id);
    expect(await totals(queue.id)).toEqual({ counted: 2, kept: 2, stored: 2 });
    await verdictWorldInto(world);
    expect(await totals(queue.id)).toEqual({ counted: 3, kept: 3, stored: 3 });
    // a pair moved to a prompt of another dataset
    const [otherPrompt] = await prisma.prompt.findMany({ where: { datasetId: elsewhere.datasetId }, select: { id: true } });
    await prisma.comparison.update({ where: { id: world.comparisonIds[0] }, data: { promptId: otherPrompt.id } });
    expect(await totals(queue.id)).toEqual({ counted: 2, kept: 2, stored: 2 });
    // a prompt moved into the dataset brings its pairs
    await prisma.prompt.update({ where: { id: otherPrompt.id }, data: { datasetId: world.datasetId } });
    expect(await totals(queue.id)).toEqual({ counted: 4, kept: 4, stored: 4 });
    // a prompt deleted takes its pairs with it
    const pair = await prisma.comparison.findUniqueOrThrow({ where: { id: world.comparisonIds[1] }, select: { promptId: true } });
    await prisma.prompt.delete({ where: { id: pair.promptId } });
    expect(await totals(queue.id)).toEqual({ counted: 3, kept: 3, stored: 3 });
  });

  it("keeps a spot check's drawn pairs, less any deleted", async () => {
    const world = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.6 }, { pAUsed: 0.7 }]);
    const me = await person();
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "spot-check", seed: "kept", size: 2 } }, me.id);
    expect(await totals(queue.id)).toEqual({ counted: 2, kept: 2, stored: 2 });
    await verdictWorldInto(world);
    expect(await totals(queue.id)).toEqual({ counted: 2, kept: 2, stored: 2 });
    const drawn = await sql<{ id: number }>`SELECT id FROM (${queueItemsSql(await findQueue(queue.id))}) i`.execute(db);
    await prisma.comparison.delete({ where: { id: drawn.rows[0].id } });
    expect(await totals(queue.id)).toEqual({ counted: 1, kept: 1, stored: 1 });
  });

  itOnServer(
    "PGlite runs one transaction at a time: a writer left open stops every other connection",
    "neither waits for a writer's open transaction nor keeps a count made without its rows",
    async () => {
      const world = await verdictWorld([{ pAUsed: 0.5 }]);
      const me = await person();
      const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" } }, me.id);
      const [pair] = await verdictWorldInto({ datasetId: world.datasetId, runId: -1 });
      // a labeling worker's verdict, written and not yet committed: its trigger holds the queue's row
      const writer = await pgPool().connect();
      try {
        await writer.query("BEGIN");
        await writer.query(
          `INSERT INTO "AiVerdict" ("comparisonId", "runId", "pA", "pAUsed", flips, spread, principles, method, "chainOfThought") VALUES ($1, $2, 0.5, 0.5, 0, 0, 2, 'LOGPROBS', false)`,
          [pair, world.runId],
        );
        const started = performance.now();
        expect(await queueTotal(queue.id)).toBe(1);
        expect(performance.now() - started).toBeLessThan(1000);
        await writer.query("COMMIT");
      } finally {
        await writer.query("ROLLBACK").catch(() => {});
        writer.release();
      }
      expect(await totals(queue.id)).toEqual({ counted: 2, kept: 2, stored: 2 });
    },
  );
});

/** One more pair in the world's dataset, with a verdict of its run (0.5: in every queue above). */
async function verdictWorldInto(world: { datasetId: number; runId: number }): Promise<number[]> {
  const prompt = await prisma.prompt.create({ data: { datasetId: world.datasetId, turns: [], text: "one more pair", contentHash: `more-${Math.random()}` } });
  const [a, b] = await prisma.response.createManyAndReturn({
    data: [
      { promptId: prompt.id, text: "A", origin: "SAMPLE" },
      { promptId: prompt.id, text: "B", origin: "SAMPLE" },
    ],
    select: { id: true },
  });
  const comparison = await prisma.comparison.create({ data: { promptId: prompt.id, responseAId: a.id, responseBId: b.id, source: "SAMPLES" } });
  // no verdict when the run is gone (or -1: none wanted)
  const run = await prisma.run.findUnique({ where: { id: world.runId }, select: { id: true } });
  if (run) {
    await prisma.aiVerdict.create({
      data: { comparisonId: comparison.id, runId: run.id, pA: 0.5, pAUsed: 0.5, flips: 0, spread: 0, principles: 2, method: "LOGPROBS", chainOfThought: false },
    });
  }
  return [comparison.id];
}
