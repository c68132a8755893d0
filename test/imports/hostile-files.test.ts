import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { datasetCounts, jsonl, tempFile, uniqueName } from "./helpers";
import { csvOpenQuote, gzipBomb, parquetClaimingRows } from "./hostile";
import { importFailure, importInto } from "./importing";
import { parquetWriteBuffer } from "hyparquet-writer";

// Issue 12, findings 1, 2, 8 and 10: hostile files of the audit's shapes are refused within
// seconds, by a limit the message names (its environment variable), with the line where it was
// found, and nothing of them is written. The route test (test/server/import-isolation.test.ts)
// shows the same through POST /api/imports, with the studio answering meanwhile.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

/** The import's failure message and how long it took to come. */
async function refusal(dataset: string, file: string, extra: Parameters<typeof importInto>[2] = {}) {
  const started = Date.now();
  const error = await importFailure(importInto(dataset, file, extra));
  return { message: error.message, seconds: (Date.now() - started) / 1000, importId: error.importId };
}

describe("gzip bombs", () => {
  it("refuses a small gzip that would un-gzip to a gigabyte of constitution, by the constitution limit", async () => {
    const file = tempFile("principles.json.gz", gzipBomb('{\n  "harm": {"prompt": ["Say why."], "edit_request": "Rewrite it."},\n  "pad": "', " ", 1000));
    expect(file.length).toBeGreaterThan(0);
    const { message, seconds } = await refusal(uniqueName("bomb"), file, { role: "ADMIN" });
    expect(message).toMatch(/^principles\.json\.gz: a constitution file is read whole, and this one is more than 20\.0 MB \(CAI_IMPORT_MAX_CONSTITUTION_MB sets this limit\)$/);
    expect(seconds).toBeLessThan(10);
  });

  it("refuses a gzip of a gigabyte of repeated rows before any row is written, by the gzip expansion limit", async () => {
    const dataset = uniqueName("bomb");
    const { message, seconds, importId } = await refusal(dataset, tempFile("rows.jsonl.gz", gzipBomb("", '{"prompt": "Tell me a joke."}\n', 1000)));
    expect(message).toMatch(/^rows\.jsonl\.gz: the file un-gzips to more than [\d.]+ MB, over 100 times its own .*\(CAI_IMPORT_MAX_GZIP_RATIO sets this limit\)$/);
    expect(seconds).toBeLessThan(10);
    expect(importId).toBeGreaterThan(0); // the failure is in the import history
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 0 });
  });

  it("refuses a 114 KB gzip of blank lines at once", async () => {
    const dataset = uniqueName("blank-gz");
    const { message, seconds } = await refusal(dataset, tempFile("blank.jsonl.gz", gzipBomb('{"prompt": "one"}\n', "\n", 120)));
    expect(message).toMatch(/CAI_IMPORT_MAX_GZIP_RATIO/);
    expect(seconds).toBeLessThan(10);
  });
});

describe("floods and runaway records in plain files", () => {
  it("refuses a flood of blank lines at the blank-line limit, naming the line", async () => {
    const dataset = uniqueName("blank");
    const file = tempFile("blank.jsonl", `{"prompt": "one"}\n${"\n".repeat(150_000)}{"prompt": "two"}\n`);
    const { message, seconds } = await refusal(dataset, file);
    expect(message).toBe("blank.jsonl, line 100002: the file has more than 100,000 blank lines (CAI_IMPORT_MAX_BLANK_LINES sets this limit)");
    expect(seconds).toBeLessThan(10);
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 0 });
  });

  it("refuses a CSV quote that never closes at the record size limit, naming the line the quote opened on", async () => {
    const dataset = uniqueName("quote");
    const file = tempFile("open-quote.csv", `prompt,tags\n"a fine prompt",a\n"this quote never closes,b\n${"more text inside the open quote\n".repeat(700_000)}`);
    const { message, seconds } = await refusal(dataset, file);
    expect(message).toBe("open-quote.csv, line 3: a CSV record starting on this line is longer than 2.0 MB (a quote that is never closed?) (CAI_IMPORT_MAX_LINE_MB sets this limit)");
    expect(seconds).toBeLessThan(10);
  });

  it("refuses the audit's gzip CSV with an open quote within seconds", async () => {
    const { message, seconds } = await refusal(uniqueName("quote-gz"), tempFile("open-quote.csv.gz", csvOpenQuote(300)));
    expect(message).toMatch(/CAI_IMPORT_MAX_(GZIP_RATIO|LINE_MB)/);
    expect(seconds).toBeLessThan(10);
  });

  it("names the line a CSV quote opened on, not the line after it", async () => {
    const { message } = await refusal(uniqueName("quote-line"), tempFile("quotes.csv", 'prompt,tags\n"fine",a\n"broken,b\n'));
    expect(message).toBe("quotes.csv, line 3: is not valid CSV (Quote Not Closed: the parsing is finished with an opening quote)");
  });
});

describe("Parquet bombs", () => {
  it("refuses a 433-byte file that says it holds 120 million rows before reading a row", async () => {
    const file = parquetClaimingRows();
    const { message, seconds } = await refusal(uniqueName("pq-bomb"), tempFile("bomb.parquet", file));
    expect(file.length).toBeLessThan(25_000);
    expect(message).toBe("bomb.parquet: the file holds 120,000,000 rows, more than 20,000,000 (CAI_IMPORT_MAX_ROWS sets this limit)");
    expect(seconds).toBeLessThan(10);
  });

  it("refuses a row group over the rows-per-group or size limit, which is read at once", async () => {
    const dataset = uniqueName("pq-group");
    const rows = 3000;
    const file = tempFile(
      "big-group.parquet",
      Buffer.from(parquetWriteBuffer({ columnData: [{ name: "prompt", data: Array.from({ length: rows }, (_, i) => `prompt ${i}`), type: "STRING" }], rowGroupSize: rows })),
    );
    const { message } = await refusal(dataset, file, { limits: { maxParquetGroupRows: 1000 } });
    expect(message).toBe(
      "big-group.parquet, line 1: the row group of rows 1 to 3,000 has 3,000 rows, more than the 1,000 one group may have (a group is read at once) (CAI_IMPORT_MAX_PARQUET_GROUP_ROWS sets this limit)",
    );
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 0 });

    const bytes = await refusal(dataset, file, { limits: { maxParquetGroupBytes: 1000 } });
    expect(bytes.message).toMatch(
      /^big-group\.parquet, line 1: the row group of rows 1 to 3,000 is [\d.]+ KB uncompressed, more than the 1000 bytes one group may be \(a group is read at once\) \(CAI_IMPORT_MAX_PARQUET_GROUP_MB sets this limit\)$/,
    );
  });
});

describe("NUL characters", () => {
  it("refuses a JSON \\u0000 escape with the file, line and field", async () => {
    const dataset = uniqueName("nul");
    const file = tempFile("nul.jsonl", jsonl([{ prompt: "fine" }, { messages: [{ role: "user", content: "a\u0000b" }] }]));
    const { message } = await refusal(dataset, file);
    expect(message).toBe('nul.jsonl, line 2, field "messages[0].content": holds a NUL character (U+0000), which the database cannot store in text; remove it');
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 0 });
  });

  it("skips a row with a NUL byte in a CSV cell when asked to skip bad lines, and imports the rest", async () => {
    const dataset = uniqueName("nul-csv");
    const result = await importInto(dataset, tempFile("nul.csv", "prompt,tags\nfirst,a\nsecond,b\u0000c\nthird,d\n"), { skipBadLines: true });
    expect(result.problems.items).toEqual([{ line: 3, field: "tags", message: expect.stringContaining("NUL character") }]);
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 2 });
  });

  it("refuses a constitution with a NUL character, naming the field", async () => {
    const file = tempFile("nul-principles.json", JSON.stringify({ harm: { prompt: ["Say why\u0000."], edit_request: "Rewrite it." } }));
    const { message } = await refusal(uniqueName("nul-c"), file, { role: "ADMIN", constitution: uniqueName("nul-constitution") });
    expect(message).toMatch(/^nul-principles\.json, field "critiqueRevision\[0\]\.critiqueRequest": holds a NUL character/);
  });
});

describe("what a long first line is", () => {
  it("names a 50 MB first line of a JSONL file as a line over the limit, not as a constitution too big", async () => {
    const file = tempFile("long.jsonl", `{"prompt": "${"x".repeat(50 * 1024 * 1024)}"}\n{"prompt": "short"}\n`);
    const { message } = await refusal(uniqueName("long"), file);
    expect(message).toBe(
      "long.jsonl, line 1: the first line is longer than 2.0 MB, the limit for one line, so the file's format cannot be told from it (choose the format to import a constitution written on one line) (CAI_IMPORT_MAX_LINE_MB sets this limit)",
    );
  });

  it("reads a first line longer than 64 KB but within the limit as the JSONL row it is", async () => {
    const dataset = uniqueName("long-ok");
    const result = await importInto(dataset, tempFile("long-ok.jsonl", jsonl([{ prompt: "y".repeat(200_000) }, { prompt: "short" }])));
    expect(result.format).toBe("PROMPTS");
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 2 });
  });
});

describe("constitutions are admin-only", () => {
  const principles = () => {
    const file = tempFile("principles.json", JSON.stringify({ harm: { prompt: ["Say why it is harmful."], edit_request: "Rewrite it without harm." } }));
    return file;
  };

  it("refuses a reviewer's constitution file and writes no version", async () => {
    const name = uniqueName("reviewer-constitution");
    const { message, importId } = await refusal(uniqueName("c"), principles(), { role: "REVIEWER", constitution: name });
    expect(message).toBe("principles.json: this file is a constitution, and only an admin may import constitutions (you are a reviewer)");
    expect(importId).toBeUndefined();
    expect(await prisma.constitution.count({ where: { name } })).toBe(0);
  });

  it("refuses it too when the reviewer names the format", async () => {
    const name = uniqueName("reviewer-constitution");
    const { message } = await refusal(uniqueName("c"), principles(), { role: "REVIEWER", constitution: name, format: "constitution" });
    expect(message).toMatch(/only an admin may import constitutions/);
    expect(await prisma.constitution.count({ where: { name } })).toBe(0);
  });

  it("imports an admin's", async () => {
    const name = uniqueName("admin-constitution");
    const result = await importInto(uniqueName("c"), principles(), { role: "ADMIN", constitution: name });
    expect(result.constitution).toMatchObject({ name, version: 1 });
  });
});
