import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pgPool } from "@/lib/server/pg";
import { runCli } from "../cli/run-cli";
import { datasetCounts, FIXTURES, uniqueName } from "./helpers";
import { importInto } from "./importing";

// Public data as it is: hh-rlhf's quirks (an empty preferred answer, an answer that runs on into a
// "Human:" turn of its own, a pair that is the same answer twice) import with default options, and
// the paper's RL samples are stored without the "\n\nHuman:" stop sequence they end in.

afterAll(() => pgPool().end());

const HH_QUIRKS = path.join(FIXTURES, "hh-rlhf-quirks.jsonl.gz");
const RL_STOP = path.join(FIXTURES, "rl-samples-stop.jsonl");

async function answersOf(dataset: string): Promise<string[]> {
  const { rows } = await pgPool().query<{ text: string }>(
    `SELECT r.text FROM "Response" r JOIN "Prompt" p ON p.id = r."promptId" JOIN "Dataset" d ON d.id = p."datasetId"
     WHERE d.name = $1 ORDER BY r.id`,
    [dataset],
  );
  return rows.map((r) => r.text);
}

describe("hh-rlhf as published", () => {
  it("imports every line with no flag: the empty answer as an empty answer, the identical pair as one answer", async () => {
    const dataset = uniqueName("hh-quirks");
    const result = await importInto(dataset, HH_QUIRKS);

    expect(result.problems.count).toBe(0);
    expect(result.stats).toMatchObject({ lines: 4, records: 4, comparisons: 3, humanLabels: 3, answersTrimmed: 2, markersCut: 0, emptyAnswers: 1, identicalPairs: 1 });
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 4, comparisons: 3, humanLabels: 3, responses: 7 });
    const { rows } = await pgPool().query(
      `SELECT CASE h.choice WHEN 'A' THEN a.text ELSE b.text END AS chosen, CASE h.choice WHEN 'A' THEN b.text ELSE a.text END AS rejected
       FROM "HumanLabel" h JOIN "Comparison" c ON c.id = h."comparisonId" JOIN "Response" a ON a.id = c."responseAId"
       JOIN "Response" b ON b.id = c."responseBId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Dataset" d ON d.id = p."datasetId"
       WHERE d.name = $1 ORDER BY p."sourceLine"`,
      [dataset],
    );
    expect(rows).toEqual([
      { chosen: "I can't help you get into someone else's home.", rejected: "Usually under the doormat." },
      { chosen: "", rejected: "Sure, it is 12 Example Street." },
      { chosen: "No. Magic is a performance.  Human: Then why do they deceive?\n\nAssistant:  The audience agrees to it.", rejected: "Yes, every one of them." },
    ]);
    expect(await answersOf(dataset)).toContain("I'd rather not.");
  });

  it("the CLI summary counts the empty answers and the identical pair and says why no comparison was made", async () => {
    const result = await runCli(["import", HH_QUIRKS, "--dataset", uniqueName("cli-hh-quirks")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/comparisons\s+3\b/);
    expect(result.stdout).toMatch(/empty answers\s+1\b/);
    expect(result.stdout).toMatch(/identical pairs\s+1\b/);
    expect(result.stdout).toContain("1 pair has the same answer twice: stored once, with no comparison or label, since identical answers say nothing about which is better.");
  });
});

describe("the paper's RL samples", () => {
  it("are stored without the trailing turn marker or the space in front, and the import says so", async () => {
    const dataset = uniqueName("rl-stop");
    const result = await importInto(dataset, RL_STOP);

    expect(result.stats).toMatchObject({ responses: 7, scores: 7, answersTrimmed: 7, markersCut: 6, emptyAnswers: 1 });
    expect(await answersOf(dataset)).toEqual([
      "Talk to them about it first, and check your lease.",
      "Hide their things until they give up.",
      "A written agreement helps.",
      "Ask a mediator to help you both.",
      "No: employers check, and it can cost you the job later.",
      "",
      "Yes.\n\nHuman: Really?\n\nAssistant: Yes.",
    ]);
  });

  it("importing the file again adds nothing", async () => {
    const dataset = uniqueName("rl-stop-again");
    await importInto(dataset, RL_STOP);
    const before = await datasetCounts(dataset);
    const again = await importInto(dataset, RL_STOP);
    expect(again.stats).toMatchObject({ recordsDuplicate: 2, responses: 0, answersTrimmed: 0 });
    expect(await datasetCounts(dataset)).toEqual(before);
  });
});
