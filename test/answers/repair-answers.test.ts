import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { runCli } from "../cli/run-cli";
import { createDataset, createPrompts } from "../factories";

// A database from before answers were cleaned on import: the paper's RL samples stored with the
// space in front and "\n\nHuman:" at the end. `cai repair-answers` cleans them by the import's rule,
// audited with the texts as they were; --dry-run only counts.

afterAll(async () => {
  await pgPool().end();
  await prisma.$disconnect();
});

async function oldDataset() {
  const dataset = await createDataset("repair");
  const [promptId] = await createPrompts(dataset.id, [{ text: "How do I calm down before an exam?" }]);
  const texts = [" Breathe slowly and start with the easy questions.\n\nHuman:", " Ok.\nHuman:", "Ok.", "Already clean.", "Mid-text\n\nHuman: stays."];
  const responses = [];
  for (const text of texts) responses.push(await prisma.response.create({ data: { promptId, text, origin: "SAMPLE" } }));
  const [, okMarked, ok] = responses;
  const comparison = await prisma.comparison.create({ data: { promptId, responseAId: okMarked.id, responseBId: ok.id, source: "SAMPLES" } });
  return { dataset, responses, comparison };
}

describe("cai repair-answers", () => {
  it("--dry-run counts what it would change and writes nothing", async () => {
    const { dataset, responses } = await oldDataset();
    const result = await runCli(["repair-answers", "--dataset", dataset.name, "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Would change 2 of 5 answers in dataset "${dataset.name}"`);
    expect(result.stdout).toContain("2 ending in a turn marker cut");
    expect(result.stdout).toContain("Dry run: nothing was written.");
    const stored = await prisma.response.findMany({ where: { id: { in: responses.map((r) => r.id) } }, orderBy: { id: "asc" } });
    expect(stored.map((r) => r.text)).toEqual(responses.map((r) => r.text));
    expect(await prisma.auditLog.count({ where: { action: "answers.repair", entityId: String(dataset.id) } })).toBe(0);
  });

  it("cleans the answers, keeps the old texts in the audit log, and lists the comparison whose answers became the same", async () => {
    const { dataset, responses, comparison } = await oldDataset();
    const result = await runCli(["repair-answers", "--dataset", dataset.name]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Changed 2 of 5 answers in dataset "${dataset.name}"`);
    expect(result.stdout).toContain(`1 comparison now holds two identical answers (#${comparison.id})`);

    const stored = await prisma.response.findMany({ where: { id: { in: responses.map((r) => r.id) } }, orderBy: { id: "asc" } });
    expect(stored.map((r) => r.text)).toEqual(["Breathe slowly and start with the easy questions.", "Ok.", "Ok.", "Already clean.", "Mid-text\n\nHuman: stays."]);
    const audit = await prisma.auditLog.findMany({ where: { action: "answers.repair", entityId: String(dataset.id) } });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toMatch(/^cli /);
    expect(audit[0].before).toEqual([
      { responseId: responses[0].id, text: responses[0].text },
      { responseId: responses[1].id, text: responses[1].text },
    ]);
    // the comparison is left, for a person to decide
    expect(await prisma.comparison.count({ where: { id: comparison.id } })).toBe(1);

    // a second run finds nothing
    const again = await runCli(["repair-answers", "--dataset", dataset.name]);
    expect(again.stdout).toContain("Changed 0 of 5 answers");
    expect(again.stdout).toContain("Nothing to repair.");
  });

  it("names a dataset that does not exist", async () => {
    const result = await runCli(["repair-answers", "--dataset", "no-such-dataset-anywhere"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('repair-answers: --dataset: there is no dataset "no-such-dataset-anywhere"');
  });
});
