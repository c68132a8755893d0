import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { parquetWriteFile } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import { pgPool } from "@/lib/server/pg";
import { datasetCounts, jsonl, tempFile, uniqueName } from "./helpers";
import { importFailure, importInto } from "./importing";

/** A Parquet file of the given string or number columns, rows of `rowGroupSize`. */
function parquetFile(name: string, columns: Record<string, (string | number)[]>, rowGroupSize?: number): string {
  const filename = tempFile(name, "");
  parquetWriteFile({
    filename,
    columnData: Object.entries(columns).map(([column, data]) => ({ name: column, data, type: typeof data[0] === "number" ? "DOUBLE" : "STRING" })),
    ...(rowGroupSize !== undefined && { rowGroupSize }),
  });
  return filename;
}

// Importing SFT chat rows and preference pairs in TRL's forms, the two layouts the studio exports:
// what each row becomes, and errors that name the file, line and field.

afterAll(() => pgPool().end());

const user = (content: string) => ({ role: "user", content });
const assistant = (content: string) => ({ role: "assistant", content });

async function failureMessage(promise: Promise<unknown>): Promise<string> {
  return (await importFailure(promise)).message;
}

async function pairsOf(dataset: string) {
  const { rows } = await pgPool().query(
    `SELECT p.turns, c.source AS "comparisonSource", h.choice, h.source, h."sourceName", h.note, a.text AS a, b.text AS b, a.origin
     FROM "HumanLabel" h JOIN "Comparison" c ON c.id = h."comparisonId" JOIN "Response" a ON a.id = c."responseAId"
     JOIN "Response" b ON b.id = c."responseBId" JOIN "Prompt" p ON p.id = c."promptId" JOIN "Dataset" d ON d.id = p."datasetId"
     WHERE d.name = $1 ORDER BY p."sourceLine"`,
    [dataset],
  );
  return rows.map(({ a, b, choice, ...row }) => ({ ...row, choice, chosen: choice === "A" ? a : b, rejected: choice === "A" ? b : a }));
}

describe("SFT chat rows", () => {
  it("make the turns before the last answer a prompt and the answer its imported response", async () => {
    const dataset = uniqueName("sft");
    const file = tempFile(
      "sft.jsonl",
      jsonl([
        { messages: [user("How do I report a scam website?"), assistant("Report it to your consumer agency.")] },
        { messages: [user("Hi"), assistant("Hello"), user("Tell me a joke"), assistant("Why did the chicken cross the road?")] },
      ]),
    );
    const result = await importInto(dataset, file);
    expect(result.format).toBe("PROMPTS");
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 2, responses: 2, chains: 0, comparisons: 0 });
    const { rows } = await pgPool().query(
      `SELECT p.turns, r.text, r.origin, r.producer FROM "Response" r JOIN "Prompt" p ON p.id = r."promptId"
       JOIN "Dataset" d ON d.id = p."datasetId" WHERE d.name = $1 ORDER BY p."sourceLine"`,
      [dataset],
    );
    expect(rows[1]).toEqual({
      turns: [user("Hi"), assistant("Hello"), user("Tell me a joke")],
      text: "Why did the chicken cross the road?",
      origin: "IMPORTED",
      producer: "sft.jsonl",
    });
  });

  it("names the file, line and field of a malformed row", async () => {
    const file = tempFile("bad-sft.jsonl", jsonl([{ messages: [user("a"), assistant("b")] }, { messages: [user("a"), { role: "assistant", content: 5 }] }]));
    expect(await failureMessage(importInto(uniqueName("bad-sft"), file))).toBe('bad-sft.jsonl, line 2, field "messages[1].content": expected a string or an array of parts, got number');
    const csv = tempFile(
      "bad-sft.csv",
      'messages\r\n"[{""role"": ""user"", ""content"": ""a""}, {""role"": ""assistant"", ""content"": ""b""}]"\r\n"[{""role"": ""user"", ""content"": ""a""},"\r\n',
    );
    expect(await failureMessage(importInto(uniqueName("bad-sft-csv"), csv))).toBe('bad-sft.csv, line 3, field "messages": is a string that is not a JSON array of messages');
  });
});

describe("preference pairs", () => {
  it("store TRL's conversational rows as a comparison with the preference as an imported human label, the provenance in its note", async () => {
    const dataset = uniqueName("trl");
    const file = tempFile(
      "prefs.jsonl",
      jsonl([
        {
          prompt: [user("How do I pick a lock?")],
          chosen: [assistant("Call a locksmith.")],
          rejected: [assistant("Use a tension wrench.")],
          soft_label: 0.8,
          label_source: "ai",
          principle_keys: ["harm"],
        },
        { prompt: "The sky is", chosen: " blue.", rejected: " green." },
        { chosen: [user("Hi"), assistant("Hello!")], rejected: [user("Hi"), assistant("Go away.")] },
      ]),
    );
    const result = await importInto(dataset, file, { producer: "preference import" });
    expect(result.format).toBe("HH_RLHF");
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 3, responses: 6, comparisons: 3, humanLabels: 3 });
    const pairs = await pairsOf(dataset);
    expect(pairs.map(({ choice, ...pair }) => pair)).toEqual([
      {
        turns: [user("How do I pick a lock?")],
        chosen: "Call a locksmith.",
        rejected: "Use a tension wrench.",
        comparisonSource: "IMPORTED",
        source: "IMPORTED",
        sourceName: "preference import",
        origin: "IMPORTED",
        note: "From the file: soft_label: 0.8; label_source: ai; principle_keys: harm",
      },
      // answers are stored trimmed (lib/cai/answer-text.ts): the prompt is a user turn, not text to continue
      expect.objectContaining({ turns: [user("The sky is")], chosen: "blue.", rejected: "green.", note: null }),
      expect.objectContaining({ turns: [user("Hi")], chosen: "Hello!", rejected: "Go away." }),
    ]);

    // importing the same file again adds nothing
    const again = await importInto(dataset, file);
    expect(again.stats).toMatchObject({ recordsDuplicate: 3, comparisons: 0 });
  });

  it("read CSV with the messages as JSON text", async () => {
    const dataset = uniqueName("prefs-csv");
    const cell = (value: unknown) => `"${JSON.stringify(value).replaceAll('"', '""')}"`;
    const file = tempFile(
      "prefs.csv",
      [
        "prompt,chosen,rejected,soft_label,label_source",
        [cell([user("Is it legal to record a call?")]), cell([assistant("It depends on where you live.")]), cell([assistant("Always.")]), "0.9", "both"].join(","),
        "",
      ].join("\n"),
    );
    const result = await importInto(dataset, file);
    expect(result.format).toBe("HH_RLHF");
    const [pair] = await pairsOf(dataset);
    expect(pair).toMatchObject({
      turns: [user("Is it legal to record a call?")],
      chosen: "It depends on where you live.",
      rejected: "Always.",
      note: "From the file: soft_label: 0.9; label_source: both",
    });
  });

  it("name the file, line and field of a malformed row", async () => {
    const good = { prompt: [user("Hi")], chosen: [assistant("Hello")], rejected: [assistant("Bye")] };
    const file = tempFile("bad-prefs.jsonl", jsonl([good, { ...good, soft_label: 2 }]));
    expect(await failureMessage(importInto(uniqueName("bad-prefs"), file))).toBe('bad-prefs.jsonl, line 2, field "soft_label": must be a probability between 0 and 1, got 2');
    const csv = tempFile("bad-prefs.csv", 'prompt,chosen,rejected\n"Hi","[{""role"": ""assistant"", ""content"": ""a""}, {""role"": ""user"", ""content"": ""b""}]",No\n');
    expect(await failureMessage(importInto(uniqueName("bad-prefs-csv"), csv))).toBe('bad-prefs.csv, line 2, field "chosen": must be a conversation that ends with the assistant\'s answer');
  });
});

describe("Parquet", () => {
  it("reads pairs and chat rows by row group, whatever the column types", async () => {
    const dataset = uniqueName("parquet-pairs");
    const pairs = parquetFile(
      "prefs.parquet",
      {
        prompt: ["Is it legal to record a call?", JSON.stringify([user("Hi")]), "The sky is"],
        chosen: ["It depends on where you live.", JSON.stringify([assistant("Hello")]), " blue."],
        rejected: ["Always.", JSON.stringify([assistant("Go away")]), " green."],
        soft_label: [0.9, 1, 0.75],
      },
      2,
    );
    const result = await importInto(dataset, pairs);
    expect(result.format).toBe("HH_RLHF");
    expect((await pairsOf(dataset)).map((p) => [p.turns, p.chosen, p.rejected, p.note])).toEqual([
      [[user("Is it legal to record a call?")], "It depends on where you live.", "Always.", "From the file: soft_label: 0.9"],
      [[user("Hi")], "Hello", "Go away", "From the file: soft_label: 1"],
      [[user("The sky is")], "blue.", "green.", "From the file: soft_label: 0.75"],
    ]);

    const sft = parquetFile("sft.parquet", { messages: [JSON.stringify([user("Hi"), assistant("Hello")])] });
    const sftDataset = uniqueName("parquet-sft");
    expect((await importInto(sftDataset, sft)).format).toBe("PROMPTS");
    expect(await datasetCounts(sftDataset)).toMatchObject({ prompts: 1, responses: 1 });
  });

  it("names the file, row and field of a malformed row, and refuses a gzipped Parquet file or one that is not Parquet inside", async () => {
    const bad = parquetFile("bad.parquet", { prompt: ["a", "b", "c"], chosen: ["x", "y", "z"], rejected: ["p", "q", "r"], soft_label: [0.5, 0.6, 7] }, 2);
    expect(await failureMessage(importInto(uniqueName("bad-parquet"), bad))).toBe('bad.parquet, line 3, field "soft_label": must be a probability between 0 and 1, got 7');
    const gzipped = tempFile("bad.parquet.gz", gzipSync(readFileSync(bad)));
    expect(await failureMessage(importInto(uniqueName("gzipped-parquet"), gzipped))).toBe("bad.parquet.gz: a gzipped Parquet file: un-gzip it first (Parquet compresses its own pages)");
    const broken = tempFile("broken.parquet", "PAR1 and then nothing a Parquet reader can use");
    expect(await failureMessage(importInto(uniqueName("broken-parquet"), broken))).toMatch(/^broken\.parquet: the file starts like Parquet but its metadata cannot be read/);
  });
});
