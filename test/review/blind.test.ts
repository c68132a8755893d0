import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shownOrder } from "@/lib/cai/review-sides";
import { answerSchema } from "@/lib/schemas/review";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { answerItem } from "@/lib/server/review/answer";
import { comparisonForViewer } from "@/lib/server/comparisons/for-viewer";
import { listComparisons } from "@/lib/server/comparisons/list";
import { promptForViewer } from "@/lib/server/prompts/for-viewer";
import { blindQueuesPending } from "@/lib/server/review/blind";
import { reviewItem } from "@/lib/server/review/item-view";
import { listQueueItems } from "@/lib/server/review/items";
import { revealItem } from "@/lib/server/review/reveal";
import { person, queueOf, verdictWorld } from "./fixtures";

// Issue 13, blind means blind and randomised sides: the server records a reveal and derives sawAi
// from it (a client's sawAi is not read), the queue list holds no verdict a blind reviewer has not
// earned, the comparison elsewhere is hidden while a blind answer is owed, and each reviewer's order
// is drawn from the queue's seed, stored with the answer, with the choice in the comparison's terms.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const TODO = { show: "todo", unreviewed: false } as const;
let alice: string, bob: string, carol: string;
beforeAll(async () => {
  [alice, bob, carol] = (await Promise.all([person("REVIEWER", "alice"), person("REVIEWER", "bob"), person("ADMIN", "carol")])).map((p) => p.id);
});

describe("sawAi is the server's record", () => {
  it("stores sawAi true after a recorded reveal whatever the client sends, and false without one", async () => {
    const world = await verdictWorld([{ pAUsed: 0.5 }]);
    const comparisonId = world.comparisonIds[0];
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" }, reviewersPerItem: 2 }, carol);
    await revealItem(queue.id, comparisonId, bob, TODO);
    await revealItem(queue.id, comparisonId, bob, TODO); // the first reveal counts; a second adds nothing
    // what a client posting {sawAi: false} right after revealing gets through the route's schema
    const lying = answerSchema.parse({ comparisonId, choice: "A", sawAi: false });
    expect((await answerItem(queue.id, bob, lying, TODO)).label.sawAi).toBe(true);
    expect((await answerItem(queue.id, alice, answerSchema.parse({ comparisonId, choice: "B", sawAi: true }), TODO)).label.sawAi).toBe(false);
    const reveals = await prisma.reviewReveal.findMany({ where: { comparisonId } });
    expect(reveals.map((r) => r.userId)).toEqual([bob]);
    const trail = await prisma.auditLog.findMany({ where: { entityType: "comparison", entityId: String(comparisonId), action: "label.reveal" } });
    expect(trail.map((t) => [t.userId, (t.after as { queueId: number }).queueId])).toEqual([[bob, queue.id]]);
  });

  it("counts an answer in an open queue as seen, and one on a pair no AI judged as blind", async () => {
    const world = await verdictWorld([{ pAUsed: 0.7 }]);
    const open = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" }, blindByDefault: false }, carol);
    expect((await answerItem(open.id, alice, { comparisonId: world.comparisonIds[0], choice: "A" }, TODO)).label.sawAi).toBe(true);
    const unjudged = await queueOf({ datasetId: world.datasetId, criteria: { kind: "all" } }, carol);
    await prisma.aiVerdict.deleteMany({ where: { comparisonId: world.comparisonIds[0] } });
    expect((await answerItem(unjudged.id, bob, { comparisonId: world.comparisonIds[0], choice: "A" }, TODO)).label.sawAi).toBe(false);
  });
});

describe("a blind queue elsewhere", () => {
  it("gives no verdict in the item list until the reviewer answers or reveals; viewers and open queues see it", async () => {
    const world = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.55 }]);
    const [first, second] = world.comparisonIds;
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" } }, carol);
    const verdicts = async (userId: string, canAnswer: boolean) =>
      (await listQueueItems(queue.id, { show: "all", unreviewed: false }, { userId, canAnswer })).rows.map((row) => row.verdict?.pAUsed ?? null);
    expect(await verdicts(bob, true)).toEqual([null, null]);
    await answerItem(queue.id, bob, { comparisonId: first, choice: "A" }, TODO);
    await revealItem(queue.id, second, alice, TODO);
    expect(await verdicts(bob, true)).toEqual([0.5, null]);
    expect(await verdicts(alice, true)).toEqual([null, 0.55]);
    expect(await verdicts(bob, false)).toEqual([0.5, 0.55]);
  });

  it("names the blind queues that still owe a reviewer's answer on the pair", async () => {
    const world = await verdictWorld([{ pAUsed: 0.5 }]);
    const comparisonId = world.comparisonIds[0];
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" } }, carol);
    await queueOf({ labelRunId: world.runId, criteria: { kind: "all" }, blindByDefault: false }, carol);
    expect(await blindQueuesPending(comparisonId, bob)).toEqual([{ id: queue.id, name: queue.name }]);
    await answerItem(queue.id, bob, { comparisonId, choice: "B" }, TODO);
    expect(await blindQueuesPending(comparisonId, bob)).toEqual([]);
    await revealItem(queue.id, comparisonId, alice, TODO);
    expect(await blindQueuesPending(comparisonId, alice)).toEqual([]);
  });
});

describe("the comparison viewer and list", () => {
  it("hold back verdicts and people's answers from a reviewer who owes the pair a blind answer", async () => {
    const world = await verdictWorld([{ pAUsed: 0.9 }, { pAUsed: 0.2 }]);
    const [owed, other] = world.comparisonIds;
    await prisma.humanLabel.create({ data: { comparisonId: owed, source: "IMPORTED", sourceName: "hh-rlhf", choice: "A", note: "crowdworker says A" } });
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "low-confidence", threshold: 0.45 } }, carol);
    const as = (id: string, role: "REVIEWER" | "VIEWER") => ({ id, role, email: "", name: "" });
    const hidden = await comparisonForViewer(owed, {}, as(bob, "REVIEWER"));
    expect(hidden).toMatchObject({ judgments: [], humanLabels: [], withheldFor: [{ id: queue.id, name: queue.name }] });
    expect(JSON.stringify(hidden)).not.toContain("crowdworker");
    expect((await comparisonForViewer(owed, {}, as(bob, "VIEWER")))!.judgments).toHaveLength(1);
    const promptId = hidden!.prompt.id;
    const onPrompt = (await promptForViewer(promptId, as(bob, "REVIEWER")))!.comparisons.find((c) => c.id === owed)!;
    expect([onPrompt.aiVerdicts, onPrompt.humanLabels]).toEqual([[], []]);
    expect((await promptForViewer(promptId, as(bob, "VIEWER")))!.comparisons.find((c) => c.id === owed)!.aiVerdicts).toHaveLength(1);
    // both pairs are in the queue (|P(A) − 0.5| < 0.45), so both are owed
    const page = await listComparisons({ dataset: world.datasetId }, bob);
    expect(page.rows.map((r) => [r.id, r.verdict, r.withheld ?? false])).toEqual([
      [other, null, true],
      [owed, null, true],
    ]);
    await answerItem(queue.id, bob, { comparisonId: owed, choice: "A" }, TODO);
    expect(await comparisonForViewer(owed, {}, as(bob, "REVIEWER"))).toMatchObject({ withheldFor: [], humanLabels: [{ sourceName: "hh-rlhf" }, { source: "REVIEW" }] });
    const after = await listComparisons({ dataset: world.datasetId }, bob);
    expect(after.rows.map((r) => [r.id, r.verdict?.pAUsed ?? null])).toEqual([
      [other, null],
      [owed, 0.9],
    ]);
    expect((await listComparisons({ dataset: world.datasetId })).rows.map((r) => r.verdict?.pAUsed)).toEqual([0.2, 0.9]);
  });
});

describe("randomised sides", () => {
  it("draws each reviewer's order from the queue's seed, stores it, and keeps the choice in A/B terms", async () => {
    const world = await verdictWorld(Array.from({ length: 12 }, () => ({ pAUsed: 0.5 })));
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" }, reviewersPerItem: 2 }, carol);
    const seed = (await prisma.reviewQueue.findUniqueOrThrow({ where: { id: queue.id } })).sideSeed!;
    expect(seed).toMatch(/^[0-9a-f]{24}$/);
    let swappedForOne = 0;
    for (const comparisonId of world.comparisonIds) {
      const views = await Promise.all([alice, bob].map((userId) => reviewItem(queue.id, comparisonId, { userId, canAnswer: true }, TODO)));
      expect(views.map((v) => v.order)).toEqual([shownOrder(seed, alice, comparisonId), shownOrder(seed, bob, comparisonId)]);
      if (views[0].order !== views[1].order) swappedForOne++;
      // both pick the response whose text is the comparison's A, wherever it was shown
      for (const [i, userId] of [alice, bob].entries()) {
        const shownA = views[i].shown.findIndex((s) => s.side === "A");
        expect(views[i].shown[shownA].text).toBe(views[i].shown.find((s) => s.side === "A")!.text);
        await answerItem(queue.id, userId, { comparisonId, choice: "A" }, TODO);
      }
    }
    expect(swappedForOne).toBeGreaterThan(0);
    const labels = await prisma.humanLabel.findMany({ where: { queueId: queue.id }, select: { userId: true, comparisonId: true, choice: true, shownOrder: true } });
    expect(labels).toHaveLength(24);
    for (const label of labels) {
      expect(label.choice).toBe("A");
      expect(label.shownOrder).toBe(shownOrder(seed, label.userId!, label.comparisonId));
    }
  });

  it("shows A first in a queue made without randomised sides", async () => {
    const world = await verdictWorld([{ pAUsed: 0.5 }, { pAUsed: 0.5 }, { pAUsed: 0.5 }]);
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" }, randomiseSides: false }, carol);
    for (const comparisonId of world.comparisonIds) expect((await reviewItem(queue.id, comparisonId, { userId: bob, canAnswer: true }, TODO)).order).toBe("AB");
  });
});
