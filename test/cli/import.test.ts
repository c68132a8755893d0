import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pgPool } from "@/lib/server/pg";
import { datasetCounts, FIXTURES, jsonl, tempFile, uniqueName } from "../imports/helpers";
import { runCli } from "./run-cli";

afterAll(() => pgPool().end());

const fixture = (name: string) => path.join(FIXTURES, name);

describe("cai import", () => {
  it("imports SL-CAI chains and prints what it added", async () => {
    const dataset = uniqueName("cli-chains");
    const result = await runCli(["import", fixture("sl-chains.jsonl"), "--dataset", dataset]);

    expect(result.stderr).not.toMatch(/Import failed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Imported sl-chains.jsonl into dataset "${dataset}"`);
    expect(result.stdout).toMatch(/new prompts\s+3\b/);
    expect(result.stdout).toMatch(/chains\s+3\b/);
    expect(result.stdout).toMatch(/steps\s+7\b/);
    expect(result.stdout).not.toMatch(/imported before/);
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 3, chains: 3, steps: 7, responses: 10 });
  });

  it("re-importing the same file adds nothing and says the file was imported before", async () => {
    const dataset = uniqueName("cli-again");
    const first = await runCli(["import", fixture("hh-rlhf.jsonl"), "--dataset", dataset]);
    expect(first.code).toBe(0);
    const before = await datasetCounts(dataset);
    const importId = /as import #(\d+)/.exec(first.stdout)?.[1];

    const second = await runCli(["import", fixture("hh-rlhf.jsonl"), "--dataset", dataset]);

    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/new prompts\s+0\b/);
    expect(second.stdout).toMatch(new RegExp(`prompts already present\\s+${before.prompts}\\b`));
    expect(second.stdout).toMatch(new RegExp(`duplicates\\s+${before.prompts}\\b`));
    expect(second.stdout).toContain(`This file was imported before as import #${importId}`);
    expect(await datasetCounts(dataset)).toEqual(before);
  });

  it("a bad line fails the whole import with exit 1, naming the file, line and field, and adds nothing", async () => {
    const dataset = uniqueName("cli-bad");
    const file = tempFile("broken.jsonl", jsonl([{ prompt: "a fine first prompt" }, { prompt: 12 }]));

    const result = await runCli(["import", file, "--dataset", dataset]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Import failed: broken.jsonl, line 2, field "prompt"');
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 0 });
  });

  it("with --skip-bad-lines imports the good lines and lists the skipped ones", async () => {
    const dataset = uniqueName("cli-skip");
    const file = tempFile("partly.jsonl", `${jsonl([{ prompt: "the good line" }])}{not json\n`);

    const result = await runCli(["import", file, "--dataset", dataset, "--skip-bad-lines", "--tags", "cli,skip"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/skipped lines\s+1\b/);
    expect(result.stdout).toMatch(/line 2: .*JSON/);
    const { rows } = await pgPool().query(`SELECT p.tags FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1`, [dataset]);
    expect(rows).toEqual([{ tags: ["cli", "skip"] }]);
  });

  it("a first line over the line limit is named as such, line 1 and the limit, and --max-line-mb lets it in", async () => {
    const dataset = uniqueName("cli-long");
    const file = tempFile("long.jsonl", jsonl([{ prompt: "z".repeat(3 * 1024 * 1024) }, { prompt: "short" }]));

    const refused = await runCli(["import", file, "--dataset", dataset]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Import failed: long.jsonl, line 1: the first line is longer than 2.0 MB, the limit for one line");
    expect(refused.stderr).toContain("CAI_IMPORT_MAX_LINE_MB");

    const allowed = await runCli(["import", file, "--dataset", dataset, "--max-line-mb", "4"]);
    expect(allowed.code).toBe(0);
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 2 });
  });

  it("a file that does not exist exits 1", async () => {
    const result = await runCli(["import", "/nonexistent/prompts.jsonl", "--dataset", uniqueName("cli-none")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("/nonexistent/prompts.jsonl: no such file");
  });
});

describe("cai usage errors exit 2", () => {
  it.each([
    ["an unknown flag", ["import", fixture("prompts.jsonl"), "--dataset", "x", "--frobnicate"], /Unknown option '--frobnicate'/],
    ["a dataset file without --dataset", ["import", fixture("sl-chains.jsonl")], /--dataset NAME/],
    ["an unknown format", ["import", fixture("prompts.jsonl"), "--dataset", "x", "--format", "xml"], /unknown --format "xml"/],
    ["no file", ["import", "--dataset", "x"], /name the file to import/],
    ["a bad --max-line-mb", ["import", fixture("prompts.jsonl"), "--dataset", "x", "--max-line-mb", "lots"], /--max-line-mb must be a positive number/],
    ["an unknown command", ["frobnicate"], /Unknown command "frobnicate"/],
  ])("%s", async (_, args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("help prints the commands and exits 0", async () => {
    const result = await runCli(["help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("import FILE --dataset NAME");
  });
});
