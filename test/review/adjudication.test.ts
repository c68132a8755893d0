import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportDefinitionSchema } from "@/lib/schemas/exports";
import { resolutionSchema } from "@/lib/schemas/review";
import { prisma } from "@/lib/server/db";
import { previewExport } from "@/lib/server/exports/preview";
import { pgPool } from "@/lib/server/pg";
import { adjudicationItem, adjudicationList, resolveItem } from "@/lib/server/review/adjudication";
import { answerItem } from "@/lib/server/review/answer";
import { person, queueOf, verdictWorld } from "./fixtures";

// Adjudication: a 1-1 split is listed, an adjudicator's resolution supersedes the one before it
// (audited, reviewers' answers untouched) and the preference export takes it as the human label.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const TODO = { show: "todo", unreviewed: false } as const;
let alice: string, bob: string, judge: string;
beforeAll(async () => {
  [alice, bob, judge] = (await Promise.all([person("REVIEWER", "alice"), person("REVIEWER", "bob"), person("ADJUDICATOR", "judge")])).map((p) => p.id);
});

describe("adjudication", () => {
  it("lists a split, records a resolution with its reason, and the export's row carries it", async () => {
    const world = await verdictWorld([{ pAUsed: 0.8 }, { pAUsed: 0.3 }, { pAUsed: 0.6 }]);
    const [split, agreed, aiGap] = world.comparisonIds;
    const queue = await queueOf({ labelRunId: world.runId, criteria: { kind: "all" }, reviewersPerItem: 2, adjudicationThreshold: 0.5 }, judge);
    await answerItem(queue.id, alice, { comparisonId: split, choice: "A" }, TODO);
    await answerItem(queue.id, bob, { comparisonId: split, choice: "B", note: "A dodges the question." }, TODO);
    await answerItem(queue.id, alice, { comparisonId: agreed, choice: "B" }, TODO);
    await answerItem(queue.id, bob, { comparisonId: agreed, choice: "B" }, TODO);
    // both B against the AI's 0.6 for A: 0.6 apart, beyond the queue's 0.5
    await answerItem(queue.id, alice, { comparisonId: aiGap, choice: "B" }, TODO);
    await answerItem(queue.id, bob, { comparisonId: aiGap, choice: "B" }, TODO);

    const listed = await adjudicationList(queue.id);
    expect(listed.rows.map((r) => [r.comparisonId, r.a, r.b, r.reasons])).toEqual([
      [split, 1, 1, ["reviewers disagree"]],
      [aiGap, 0, 2, ["people and AI differ"]],
    ]);

    const view = await adjudicationItem(queue.id, split);
    expect(view.answers.map((a) => [a.choice, a.note])).toEqual([
      ["A", null],
      ["B", "A dodges the question."],
    ]);
    expect(view.comparison.judgments[0].verdict?.pAUsed).toBe(0.8);

    await expect(Promise.resolve().then(() => resolutionSchema.parse({ comparisonId: split, choice: "B", reason: " " }))).rejects.toThrow(/needs a reason/);
    await resolveItem(queue.id, judge, { comparisonId: split, choice: "A", reason: "first look" });
    const final = await resolveItem(queue.id, judge, { comparisonId: split, choice: "B", reason: "A never answers what was asked." });
    const rows = await prisma.adjudication.findMany({ where: { comparisonId: split }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.choice, r.supersededAt !== null, r.userId])).toEqual([
      ["A", true, judge],
      ["B", false, judge],
    ]);
    const trail = await prisma.auditLog.findMany({ where: { entityType: "comparison", entityId: String(split), action: "label.adjudicate" }, orderBy: { id: "asc" } });
    expect(trail.map((t) => [t.userId, (t.after as { choice: string }).choice, (t.before as { choice: string } | null)?.choice ?? null])).toEqual([
      [judge, "A", null],
      [judge, "B", "A"],
    ]);
    expect(final.choice).toBe("B");
    // the reviewers' answers are as they were
    expect(await prisma.humanLabel.count({ where: { comparisonId: split, supersededAt: null } })).toBe(2);
    expect((await adjudicationList(queue.id)).rows.at(-1)).toMatchObject({ comparisonId: split, resolved: { choice: "B", reason: "A never answers what was asked." } });

    const definition = exportDefinitionSchema.parse({ runIds: [world.runId] });
    const preview = await previewExport(pgPool(), { layout: "PREFERENCE", definition }, 10);
    const byId = new Map((preview.rows as { comparison_id: number; label_source: string; soft_label: number }[]).map((r) => [r.comparison_id, r]));
    expect(byId.get(split)).toMatchObject({ label_source: "adjudicated", soft_label: 1 });
    expect(byId.get(agreed)).toMatchObject({ label_source: "both" });
  });
});
