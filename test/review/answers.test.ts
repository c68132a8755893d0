import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ItemListQuery } from "@/lib/schemas/review";
import { prisma } from "@/lib/server/db";
import { answerItem } from "@/lib/server/review/answer";
import { reviewItem } from "@/lib/server/review/item-view";
import { revealItem } from "@/lib/server/review/reveal";
import { listQueueItems } from "@/lib/server/review/items";
import { archiveQueue, queueSummary } from "@/lib/server/review/queues";
import { pgPool } from "@/lib/server/pg";
import { person, queueOf, verdictWorld, type VerdictWorld } from "./fixtures";

// Answering: N-reviewer completion (skips do not count), "to do" and "not yet reviewed by me",
// changing an answer (both rows kept, the first superseded, label.answer then label.change in the
// trail), concurrent double submits, archived queues, and blind review.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const TODO = { show: "todo", unreviewed: false } as const;
const ids = async (queueId: number, userId: string, query: ItemListQuery) => (await listQueueItems(queueId, query, { userId, canAnswer: true })).rows.map((row) => row.comparisonId);

let world: VerdictWorld;
let alice: string, bob: string, carol: string;
beforeAll(async () => {
  world = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.55 }, { pAUsed: 0.625 }]);
  [alice, bob, carol] = (await Promise.all([person("REVIEWER", "alice"), person("REVIEWER", "bob"), person("ADMIN", "carol")])).map((p) => p.id);
});

describe("N reviewers per item", () => {
  it("completes an item when N different people have a current answer other than skip", async () => {
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" }, reviewersPerItem: 2 }, alice);
    const [first, second, third] = world.comparisonIds;
    const answer = (userId: string, comparisonId: number, choice: "A" | "B" | "TIE" | "SKIP") => answerItem(queue.id, userId, { comparisonId, choice }, TODO);

    await answer(alice, first, "A");
    await answer(bob, first, "SKIP");
    expect((await queueSummary(queue.id, alice)).progress).toEqual({ total: 3, done: 0, mine: 1 });
    expect(await ids(queue.id, alice, TODO)).toEqual([first, second, third]);

    await answer(carol, first, "B");
    expect((await queueSummary(queue.id, bob)).progress).toEqual({ total: 3, done: 1, mine: 1 });
    // complete items leave "to do" but stay in "all", marked complete
    expect(await ids(queue.id, alice, TODO)).toEqual([second, third]);
    const all = await listQueueItems(queue.id, { show: "all", unreviewed: false }, { userId: alice, canAnswer: true });
    expect(all.rows.map((row) => [row.comparisonId, row.answers, row.complete, row.myChoice])).toEqual([
      [first, 2, true, "A"],
      [second, 0, false, null],
      [third, 0, false, null],
    ]);

    // the same person answering twice is one reviewer, not two
    await answer(alice, second, "A");
    await answer(alice, second, "B");
    expect((await queueSummary(queue.id, alice)).progress.done).toBe(1);
    // changing an answer to skip takes it out of the count again
    await answer(carol, first, "SKIP");
    expect((await queueSummary(queue.id, alice)).progress.done).toBe(0);
  });

  it("lists what I have not reviewed yet, skips included as reviewed", async () => {
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" }, reviewersPerItem: 3 }, alice);
    const fresh = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.6 }, { pAUsed: 0.7 }]);
    const own = await queueOf({ labelRunId: fresh.runId, criteria: { kind: "all" }, reviewersPerItem: 3 }, alice);
    const [first, second, third] = fresh.comparisonIds;
    await answerItem(own.id, alice, { comparisonId: first, choice: "SKIP" }, TODO);
    await answerItem(own.id, bob, { comparisonId: second, choice: "A" }, TODO);
    const unreviewed = { show: "todo", unreviewed: true } as const;
    expect(await ids(own.id, alice, unreviewed)).toEqual([second, third]);
    expect(await ids(own.id, bob, unreviewed)).toEqual([first, third]);
    expect(await ids(own.id, carol, unreviewed)).toEqual([first, second, third]);
    expect((await queueSummary(own.id, alice)).progress).toEqual({ total: 3, done: 0, mine: 1 });
    expect(queue.id).not.toBe(own.id);
  });
});

describe("changing an answer", () => {
  it("keeps both rows, stamps the first superseded, and writes label.answer then label.change", async () => {
    const fresh = await verdictWorld([{ pAUsed: 0.5 }]);
    const queue = await queueOf({ labelRunId: fresh.runId, criteria: { kind: "all" } }, alice);
    const comparisonId = fresh.comparisonIds[0];
    const first = await answerItem(queue.id, bob, { comparisonId, choice: "A" }, TODO);
    expect(first).toMatchObject({ previous: null, unchanged: false, label: { choice: "A" } });
    const second = await answerItem(queue.id, bob, { comparisonId, choice: "FLAG", note: "Both answers dodge the question." }, TODO);
    expect(second.previous).toMatchObject({ id: first.label.id, choice: "A" });

    const rows = await prisma.humanLabel.findMany({ where: { comparisonId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.choice, r.note, r.sawAi, r.userId, r.source, r.queueId, r.supersededAt !== null])).toEqual([
      ["A", null, false, bob, "REVIEW", queue.id, true],
      ["FLAG", "Both answers dodge the question.", true, bob, "REVIEW", queue.id, false],
    ]);
    // the old row was only stamped: what it said is as it was
    expect(rows[0].createdAt.getTime()).toBeLessThanOrEqual(rows[0].supersededAt!.getTime());

    const trail = await prisma.auditLog.findMany({ where: { entityType: "comparison", entityId: String(comparisonId) }, orderBy: { id: "asc" } });
    expect(trail.map((t) => [t.action, t.userId, t.before, t.after])).toEqual([
      ["label.answer", bob, null, { labelId: rows[0].id, choice: "A", note: null, sawAi: false, shownOrder: rows[0].shownOrder, queueId: queue.id }],
      [
        "label.change",
        bob,
        { labelId: rows[0].id, choice: "A", note: null, sawAi: false },
        { labelId: rows[1].id, choice: "FLAG", note: "Both answers dodge the question.", sawAi: true, shownOrder: rows[1].shownOrder, queueId: queue.id },
      ],
    ]);
    // the prompt counts the reviewer's label once
    const prompt = await prisma.comparison.findUniqueOrThrow({ where: { id: comparisonId }, select: { prompt: { select: { labelCount: true } } } });
    expect(prompt.prompt.labelCount).toBe(1);
  });

  it("writes nothing when the same answer comes again", async () => {
    const fresh = await verdictWorld([{ pAUsed: 0.5 }]);
    const queue = await queueOf({ labelRunId: fresh.runId, criteria: { kind: "all" } }, alice);
    const comparisonId = fresh.comparisonIds[0];
    await answerItem(queue.id, bob, { comparisonId, choice: "TIE" }, TODO);
    const again = await answerItem(queue.id, bob, { comparisonId, choice: "TIE" }, TODO);
    expect(again.unchanged).toBe(true);
    expect(await prisma.humanLabel.count({ where: { comparisonId } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { entityType: "comparison", entityId: String(comparisonId) } })).toBe(1);
  });
});

describe("concurrent submits", () => {
  it("leave one current answer per person, whether they repeat or differ", async () => {
    const fresh = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.5 }]);
    const queue = await queueOf({ labelRunId: fresh.runId, criteria: { kind: "all" } }, alice);
    const [same, different] = fresh.comparisonIds;
    await Promise.all(Array.from({ length: 6 }, () => answerItem(queue.id, bob, { comparisonId: same, choice: "A" }, TODO)));
    expect(await prisma.humanLabel.count({ where: { comparisonId: same } })).toBe(1);

    const choices = ["A", "B", "TIE", "FLAG", "A", "B"] as const;
    await Promise.all(choices.map((choice) => answerItem(queue.id, bob, { comparisonId: different, choice, note: choice === "FLAG" ? "odd" : undefined }, TODO)));
    const rows = await prisma.humanLabel.findMany({ where: { comparisonId: different }, orderBy: { id: "asc" } });
    expect(rows.filter((r) => r.supersededAt === null)).toHaveLength(1);
    expect(rows.at(-1)!.supersededAt).toBeNull();
    const trail = await prisma.auditLog.findMany({ where: { entityType: "comparison", entityId: String(different) }, orderBy: { id: "asc" } });
    expect(trail[0].action).toBe("label.answer");
    expect(trail.slice(1).every((t) => t.action === "label.change")).toBe(true);
    expect(trail).toHaveLength(rows.length);
  });
});

describe("refusals", () => {
  it("refuses answers in an archived queue and on pairs outside the queue", async () => {
    const fresh = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.9 }]);
    const queue = await queueOf({ labelRunId: fresh.runId, criteria: { kind: "low-confidence", threshold: 0.1 } }, alice);
    await expect(answerItem(queue.id, bob, { comparisonId: fresh.comparisonIds[1], choice: "A" }, TODO)).rejects.toMatchObject({
      status: 404,
      message: `comparisonId: comparison ${fresh.comparisonIds[1]} is not in review queue ${queue.id}`,
    });
    const archived = await archiveQueue(queue.id, alice);
    expect(archived.archivedAt).not.toBeNull();
    await expect(answerItem(queue.id, bob, { comparisonId: fresh.comparisonIds[0], choice: "A" }, TODO)).rejects.toMatchObject({ status: 409 });
    // still readable
    expect((await listQueueItems(queue.id, { show: "all", unreviewed: false }, { userId: bob, canAnswer: true })).rows).toHaveLength(1);
    expect(await prisma.auditLog.count({ where: { action: "queue.archive", entityId: String(queue.id) } })).toBe(1);
  });
});

describe("the review screen's item", () => {
  it("walks to do with previous and next, and gives the position in the whole queue", async () => {
    const fresh = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.55 }, { pAUsed: 0.6 }]);
    const queue = await queueOf({ labelRunId: fresh.runId, criteria: { kind: "all" } }, alice);
    const [first, second, third] = fresh.comparisonIds;
    await answerItem(queue.id, bob, { comparisonId: second, choice: "A" }, TODO);
    const view = await reviewItem(queue.id, first, { userId: alice, canAnswer: true }, TODO);
    // the second is complete (N = 1): "to do" goes from the first to the third
    expect(view).toMatchObject({ position: 1, previousId: null, nextId: third, progress: { total: 3, done: 1, mine: 0 } });
    const done = await reviewItem(queue.id, second, { userId: alice, canAnswer: true }, { show: "all", unreviewed: false });
    expect(done).toMatchObject({ position: 2, previousId: first, nextId: third, complete: true, answers: 1 });
    await expect(reviewItem(queue.id, 2_000_000_000, { userId: alice, canAnswer: true }, TODO)).rejects.toMatchObject({ status: 404 });
  });

  it("leaves out the AI's judgment and others' labels of a blind queue until the reviewer answers or asks", async () => {
    const fresh = await verdictWorld([{ pAUsed: 0.5 }]);
    const comparisonId = fresh.comparisonIds[0];
    await prisma.humanLabel.create({ data: { comparisonId, source: "IMPORTED", sourceName: "hh-rlhf", choice: "A" } });
    const blind = await queueOf({ labelRunId: fresh.runId, criteria: { kind: "all" }, blindByDefault: true }, alice);
    const hidden = await reviewItem(blind.id, comparisonId, { userId: bob, canAnswer: true }, TODO);
    expect(hidden).toMatchObject({ aiShown: false, aiHiddenReason: "blind", judgments: [], otherLabels: null, responses: null, source: null, revealedAt: null });
    // the two texts alone, in the order drawn for bob
    expect(hidden.shown.map((s) => Object.keys(s).sort())).toEqual([
      ["side", "text"],
      ["side", "text"],
    ]);
    expect(hidden.shown.map((s) => s.side)).toEqual(hidden.order === "AB" ? ["A", "B"] : ["B", "A"]);
    const revealed = await revealItem(blind.id, comparisonId, bob, TODO);
    expect(revealed.aiShown).toBe(true);
    expect(revealed.revealedAt).not.toBeNull();
    expect(revealed.responses?.A.id).toBeTypeOf("number");
    expect(revealed.judgments.map((j) => j.verdict?.pAUsed)).toEqual([0.5]);
    expect(revealed.otherLabels?.map((l) => l.sourceName)).toEqual(["hh-rlhf"]);
    // a viewer cannot answer, so there is nothing to be blind for
    expect((await reviewItem(blind.id, comparisonId, { userId: carol, canAnswer: false }, TODO)).aiShown).toBe(true);
    // once answered, everything is shown, with the answer and the one it replaced
    await answerItem(blind.id, bob, { comparisonId, choice: "B" }, TODO);
    await answerItem(blind.id, bob, { comparisonId, choice: "A" }, TODO);
    const after = await reviewItem(blind.id, comparisonId, { userId: bob, canAnswer: true }, TODO);
    expect(after.aiShown).toBe(true);
    expect(after.myAnswers.map((a) => [a.choice, a.supersededAt === null])).toEqual([
      ["A", true],
      ["B", false],
    ]);
    expect(after.otherLabels?.map((l) => l.source)).toEqual(["IMPORTED"]);
    // a queue that is not blind shows it from the start
    const open = await queueOf({ labelRunId: fresh.runId, criteria: { kind: "all" }, blindByDefault: false }, alice);
    expect((await reviewItem(open.id, comparisonId, { userId: carol, canAnswer: true }, TODO)).aiShown).toBe(true);
  });
});
