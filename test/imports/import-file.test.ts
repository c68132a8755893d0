import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importFile } from "@/lib/server/imports/import-file";
import { pgPool } from "@/lib/server/pg";
import { datasetCounts, FIXTURES, jsonl, tempFile, uniqueName } from "./helpers";
import { importFailure, importInto } from "./importing";

afterAll(() => pgPool().end());

const fixture = (name: string) => path.join(FIXTURES, name);

describe("importing each format", () => {
  it("stores SL-CAI chains with every step's principle, critique and revision", async () => {
    const dataset = uniqueName("chains");
    const result = await importInto(dataset, fixture("sl-chains.jsonl"));
    expect(result.format).toBe("CAI_SL_CHAINS");
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 3, chains: 3, steps: 7, responses: 10 });

    const { rows } = await pgPool().query(
      `SELECT s.index, pr.key, pr."critiqueRequest", s.critique, r.text AS revision, r.origin, p."chainCount"
       FROM "ChainStep" s JOIN "Chain" c ON c.id = s."chainId" JOIN "Prompt" p ON p.id = c."promptId"
       JOIN "Dataset" d ON d.id = p."datasetId" JOIN "Principle" pr ON pr.id = s."principleId" JOIN "Response" r ON r.id = s."revisionId"
       WHERE d.name = $1 AND p.text LIKE '%fake doctor%' ORDER BY s.index`,
      [dataset],
    );
    expect(rows).toEqual([
      expect.objectContaining({ index: 1, key: "legal", critique: " Forging a doctor's note is fraud, and the answer explains how to do it.", origin: "REVISION", chainCount: 1 }),
      expect.objectContaining({ index: 2, key: "tone", critiqueRequest: "Note anything preachy, condescending or evasive in the last answer." }),
    ]);
    // the space the paper's sampler left in front of every answer is not stored (lib/cai/answer-text.ts)
    expect(rows[1].revision).toMatch(/^I can't help make a fake note/);
  });

  it("links chain steps to a constitution's principles when the texts match, and makes a version for new ones", async () => {
    const marker = uniqueName("principle");
    const step = (key: string, crit: string) => ({
      cst_key: key,
      cst_value: { prompt: [`\n\nCritiqueRequest: ${crit}\n\nCritique:`], edit_request: `\n\nRevisionRequest: Fix it (${marker}).\n\nRevision:` },
      critique: { sample: "c" },
      revision: { sample: `r ${key}` },
    });
    const principles = tempFile(
      "p.json",
      JSON.stringify({ known: { prompt: [`\n\nCritiqueRequest: Known ${marker}\n\nCritique:`], edit_request: `\n\nRevisionRequest: Fix it (${marker}).\n\nRevision:` } }),
    );
    const saved = await importFile({ path: principles, fileName: "p.json", constitution: `Constitution ${marker}` });
    expect(saved.constitution).toMatchObject({ version: 1, unchanged: false });

    const chains = tempFile(
      `${marker}.jsonl`,
      jsonl([{ rl_prompt: `\n\nHuman: prompt ${marker}\n\nAssistant:`, initial_response: [{ sample: "i" }], cst: [step("known", `Known ${marker}`), step("fresh", `Fresh ${marker}`)] }]),
    );
    const result = await importInto(uniqueName("linked"), chains);
    expect(result.stats.principlesNew).toBe(1);
    const { rows } = await pgPool().query(
      `SELECT pr.key, c.name FROM "ChainStep" s JOIN "Principle" pr ON pr.id = s."principleId"
       JOIN "ConstitutionVersion" v ON v.id = pr."versionId" JOIN "Constitution" c ON c.id = v."constitutionId"
       JOIN "Response" r ON r.id = s."revisionId" WHERE r.text LIKE 'r %' AND pr."revisionRequest" LIKE $1 ORDER BY s.index`,
      [`%${marker}%`],
    );
    expect(rows).toEqual([
      { key: "known", name: `Constitution ${marker}` },
      { key: "fresh", name: `Principles from ${marker}.jsonl` },
    ]);
  });

  it("keeps hh-rlhf pairs as a comparison with the crowdworker's choice as a human label", async () => {
    const dataset = uniqueName("hh");
    await importInto(dataset, fixture("hh-rlhf.jsonl"));
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 3, comparisons: 3, humanLabels: 3, responses: 6 });
    const { rows } = await pgPool().query(
      `SELECT h.choice, h.source, h."sourceName", a.text AS a, b.text AS b, p."labelCount", p."comparisonCount"
       FROM "HumanLabel" h JOIN "Comparison" c ON c.id = h."comparisonId" JOIN "Response" a ON a.id = c."responseAId"
       JOIN "Response" b ON b.id = c."responseBId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Dataset" d ON d.id = p."datasetId"
       WHERE d.name = $1`,
      [dataset],
    );
    const chosen = ["It might help to talk to them", "Let's make a study plan", "No. Children can drown"];
    for (const row of rows) {
      const preferred = row.choice === "A" ? row.a : row.b;
      expect(chosen.some((c) => preferred.startsWith(c))).toBe(true);
      expect(row).toMatchObject({ source: "IMPORTED", sourceName: "hh-rlhf.jsonl", labelCount: 1, comparisonCount: 1 });
    }
  });

  it("keeps RL samples with their PM scores", async () => {
    const dataset = uniqueName("rl");
    await importInto(dataset, fixture("rl-samples.jsonl"), { producer: "RL-CAI policy" });
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 2, responses: 5, scores: 5 });
    const { rows } = await pgPool().query(
      `SELECT r.producer, r.origin, s.value FROM "Score" s JOIN "Response" r ON r.id = s."responseId" JOIN "Prompt" p ON p.id = r."promptId"
       JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1 ORDER BY s.value`,
      [dataset],
    );
    expect(rows.map((r) => r.value)).toEqual([-2.5, -0.5, 0.75, 1.25, 2]);
    expect(rows[0]).toMatchObject({ producer: "RL-CAI policy", origin: "SAMPLE" });
  });

  it("reads prompts as JSONL, CSV and gzip, keeping turns, tags and answers", async () => {
    const dataset = uniqueName("prompts");
    const result = await importInto(dataset, fixture("prompts.jsonl"), { tags: ["batch-1"] });
    expect(result.stats).toMatchObject({ promptsNew: 5, responses: 1 });
    const { rows } = await pgPool().query(`SELECT p.turns, p.tags FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1 AND p.text LIKE '%landlord%'`, [dataset]);
    expect(rows[0].turns).toHaveLength(3);
    expect(rows[0].tags).toEqual(["batch-1"]);

    const csv = await importInto(uniqueName("csv"), fixture("prompts.csv"));
    expect(csv.stats).toMatchObject({ promptsNew: 3, responses: 1 });

    const gz = tempFile("prompts.jsonl.gz", gzipSync(readFileSync(fixture("prompts.jsonl"))));
    const gzDataset = uniqueName("gz");
    const gzResult = await importInto(gzDataset, gz);
    expect(gzResult.stats).toMatchObject({ promptsNew: 5 });
  });
});

describe("bad input", () => {
  const goodLines = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `good prompt number ${i}` }));

  it("imports nothing when one line is bad, even after earlier batches were written, and records the failure", async () => {
    const dataset = uniqueName("atomic");
    const file = tempFile("bad.jsonl", jsonl([...goodLines(2500), { prompt: 42 }]));
    const error = await importFailure(importInto(dataset, file));
    expect(error.message).toBe('bad.jsonl, line 2501, field "prompt": expected a string, got number');
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 0 });
    const { rows } = await pgPool().query(`SELECT status, error FROM "Import" WHERE id = $1`, [error.importId]);
    expect(rows[0]).toEqual({ status: "FAILED", error: error.message });
  });

  it("imports the rest and reports each skipped line when asked to skip bad lines", async () => {
    const dataset = uniqueName("skip");
    const file = tempFile("mixed.jsonl", jsonl([...goodLines(3), { prompt: 42 }]) + '{"prompt": "unclosed\n' + jsonl([{ text: "last" }]));
    const result = await importInto(dataset, file, { skipBadLines: true });
    expect(result.stats.promptsNew).toBe(4);
    expect(result.problems.items).toEqual([
      { line: 4, field: "prompt", message: "expected a string, got number" },
      { line: 5, message: expect.stringMatching(/^is not valid JSON/) },
    ]);
  });

  it("names a gzip file that is cut off, and imports nothing from it", async () => {
    const dataset = uniqueName("gzip");
    const whole = gzipSync(Buffer.from(jsonl(goodLines(5000))));
    const error = await importFailure(importInto(dataset, tempFile("cut.jsonl.gz", whole.subarray(0, whole.length - 200))));
    expect(error.message).toBe("cut.jsonl.gz: the file starts like gzip but cannot be un-gzipped (unexpected end of file)");
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 0 });
  });

  it.each([
    ["an empty file", "empty.jsonl", "", "empty.jsonl: the file is empty"],
    [
      "a line over the size limit",
      "big.jsonl",
      jsonl([{ prompt: "a" }]) + `{"prompt": "${"x".repeat(5 * 1024 * 1024)}"}\n`,
      "big.jsonl, line 2: the line is 5.0 MB, over the 2.0 MB limit for one line (CAI_IMPORT_MAX_LINE_MB or the CLI's --max-line-mb raise it)",
    ],
    [
      "invalid UTF-8",
      "utf.jsonl",
      Buffer.concat([Buffer.from('{"prompt": "ok"}\n{"prompt": "caf'), Buffer.from([0xe9, 0x22, 0x7d, 0x0a])]),
      "utf.jsonl, line 2: is not valid UTF-8 (bad byte 0xe9 at byte 16 of the line)",
    ],
    ["CSV with broken quoting", "quotes.csv", 'prompt,tags\n"fine",a\n"broken,b\n', /^quotes\.csv, line \d+: is not valid CSV \(Quote Not Closed/],
    [
      "a missing field",
      "missing.jsonl",
      jsonl([{ prompt: "ok" }, { title: "no prompt" }]),
      'missing.jsonl, line 2, field "prompt": is missing: a row needs "prompt", "text", "transcript" or "messages"',
    ],
  ])("names the file, line and field for %s", async (_, fileName, content, message) => {
    const dataset = uniqueName("bad");
    const error = await importFailure(importInto(dataset, tempFile(fileName, content)));
    if (typeof message === "string") expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 0 });
  });
});

describe("importing again", () => {
  it("adds nothing when the same file is imported twice, and says so", async () => {
    const dataset = uniqueName("again");
    const first = await importInto(dataset, fixture("sl-chains.jsonl"));
    const before = await datasetCounts(dataset);
    const second = await importInto(dataset, fixture("sl-chains.jsonl"));
    expect(await datasetCounts(dataset)).toEqual(before);
    expect(second.stats).toMatchObject({ promptsNew: 0, promptsExisting: 3, recordsDuplicate: 3, chains: 0 });
    expect(second.sameFileImportedBefore?.importId).toBe(first.importId);
    expect(second.notices.items[0]).toEqual({ line: 1, message: "already imported into this dataset; skipped" });
  });

  it("keeps a prompt repeated within a file once and reports the repeat", async () => {
    const dataset = uniqueName("repeat");
    const file = tempFile("repeat.jsonl", jsonl([{ prompt: "same words" }, { prompt: "other" }, { prompt: "same words" }]));
    const result = await importInto(dataset, file);
    expect(result.stats.promptsNew).toBe(2);
    expect(result.notices.items).toEqual([{ line: 3, message: "repeats line 1; kept once" }]);
  });

  it("attaches new chains to prompts that are already there and keeps their counters right", async () => {
    const dataset = uniqueName("attach");
    const plain = tempFile("plain.jsonl", jsonl([{ prompt: "\n\nHuman: Why do people say bananas are radioactive?\n\nAssistant:" }]));
    await importInto(dataset, plain);
    const result = await importInto(dataset, fixture("sl-chains.jsonl"));
    expect(result.stats).toMatchObject({ promptsNew: 2, promptsExisting: 1, chains: 3 });
    const { rows } = await pgPool().query(
      `SELECT p."chainCount", (SELECT count(*)::int FROM "Chain" c WHERE c."promptId" = p.id) AS chains
       FROM "Prompt" p JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1`,
      [dataset],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.chainCount).toBe(row.chains);
  });
});

describe("constitution files", () => {
  it("adds a version per change, carrying over the parts a file does not hold", async () => {
    const name = uniqueName("Constitution");
    const first = await importFile({ path: fixture("principles.json"), fileName: "principles.json", constitution: name });
    const second = await importFile({ path: fixture("preference-principles.json"), fileName: "preference-principles.json", constitution: name });
    const again = await importFile({ path: fixture("preference-principles.json"), fileName: "preference-principles.json", constitution: name });
    expect([first.constitution?.version, second.constitution?.version, again.constitution?.version]).toEqual([1, 2, 2]);
    expect(again.constitution?.unchanged).toBe(true);
    const { rows } = await pgPool().query(`SELECT kind, count(*)::int AS n FROM "Principle" WHERE "versionId" = $1 GROUP BY kind ORDER BY kind`, [second.constitution?.versionId]);
    expect(rows).toEqual([
      { kind: "CRITIQUE_REVISION", n: 3 },
      { kind: "PREFERENCE", n: 2 },
    ]);
  });
});
