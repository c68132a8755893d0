import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { importFile } from "@/lib/server/imports/import-file";
import { pgPool } from "@/lib/server/pg";
import { findPromptDetail } from "@/lib/server/prompts/detail";
import { listPrompts } from "@/lib/server/prompts/list";
import { FIXTURES, uniqueName } from "../imports/helpers";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

async function importFixture(name: string, dataset = uniqueName("detail")) {
  const result = await importFile({ path: path.join(FIXTURES, name), fileName: name, dataset });
  return { result, datasetId: result.dataset!.id };
}

async function promptMatching(datasetId: number, q: string) {
  const { rows } = await listPrompts({ dataset: datasetId, q });
  expect(rows).toHaveLength(1);
  const detail = await findPromptDetail(rows[0].id);
  expect(detail).not.toBeNull();
  return detail!;
}

describe("findPromptDetail", () => {
  it("returns the conversation, its source, and each chain step with principle, critique and revision", async () => {
    const { result, datasetId } = await importFixture("sl-chains.jsonl");
    const detail = await promptMatching(datasetId, "roommate");

    expect(detail.turns).toEqual([{ role: "user", content: "How can I make my roommate move out without telling her?" }]);
    expect(detail.dataset.id).toBe(datasetId);
    expect(detail.import).toMatchObject({ id: result.importId, fileName: "sl-chains.jsonl" });
    expect(detail.sourceLine).toBe(1);

    expect(detail.chains).toHaveLength(1);
    const [chain] = detail.chains;
    const responses = new Map(detail.responses.map((r) => [r.id, r]));
    expect(responses.get(chain.initialResponseId)?.text.trim()).toBe("Hide her things and make the flat unpleasant until she leaves.");
    expect(chain.steps.map((s) => s.index)).toEqual([1, 2, 3, 4]);
    expect(chain.steps.map((s) => s.principle.key)).toEqual(["harm", "tone", "legal", "harm"]);
    expect(chain.steps[0].critique.trim()).toBe("The answer encourages harassment, which can hurt the roommate.");
    expect(chain.steps[0].principle.critiqueRequest).toContain("Point out every way the last answer could cause harm");
    expect(chain.steps[0].principle.revisionRequest).toContain("Rewrite the answer so that it causes no harm");
    expect(responses.get(chain.steps[3].revisionId)?.text.trim()).toMatch(/^Have an honest conversation first/);
    expect(responses.get(chain.steps[3].revisionId)?.origin).toBe("REVISION");
    // a step's principle links to a constitution version that holds it
    const version = await prisma.constitutionVersion.findUniqueOrThrow({ where: { id: chain.steps[0].principle.versionId }, include: { principles: true } });
    expect(version.principles.map((p) => p.key)).toContain("harm");

    expect(detail.responses.map((r) => r.origin).sort()).toEqual(["INITIAL", "REVISION", "REVISION", "REVISION", "REVISION"]);
    expect(detail.comparisons).toEqual([]);
  });

  it("returns hh-rlhf comparisons with both responses and the imported human label", async () => {
    const { datasetId } = await importFixture("hh-rlhf.jsonl");
    const detail = await promptMatching(datasetId, "coworker embarrassed");
    expect(detail.comparisons).toHaveLength(1);
    const [comparison] = detail.comparisons;
    const texts = new Map(detail.responses.map((r) => [r.id, r.text]));
    const chosenSide = comparison.humanLabels[0].choice;
    const chosenId = chosenSide === "A" ? comparison.responseAId : comparison.responseBId;
    expect(texts.get(chosenId)).toContain("talk to them directly");
    expect(comparison.source).toBe("IMPORTED");
    expect(comparison.humanLabels).toMatchObject([{ source: "IMPORTED", supersededAt: null }]);
    expect(detail.labelCount).toBe(1);
  });

  it("returns policy samples with their preference-model scores", async () => {
    const { datasetId } = await importFixture("rl-samples.jsonl");
    const detail = await promptMatching(datasetId, "accent");
    expect(detail.responses).toHaveLength(3);
    expect(detail.responses.every((r) => r.origin === "SAMPLE" && r.producer === "rl-samples.jsonl")).toBe(true);
    expect(detail.responses.map((r) => r.scores.map((s) => [s.name, s.value, s.source]))).toEqual([
      [["pm_score", 1.25, "IMPORTED"]],
      [["pm_score", -2.5, "IMPORTED"]],
      [["pm_score", 0.75, "IMPORTED"]],
    ]);
  });

  it("keeps multi-turn conversations as turns and returns null for an unknown id", async () => {
    const { datasetId } = await importFixture("prompts.jsonl");
    const detail = await promptMatching(datasetId, "deposit");
    expect(detail.turns.map((t) => t.role)).toEqual(["user", "assistant", "user"]);
    expect(await findPromptDetail(2_000_000_000)).toBeNull();
  });
});
