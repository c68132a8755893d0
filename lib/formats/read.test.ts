import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readRecords, type ReadOptions } from "./read";
import type { ParseEvent } from "./records";

async function read(text: string | Buffer, options: ReadOptions): Promise<ParseEvent[]> {
  async function* chunks() {
    yield typeof text === "string" ? Buffer.from(text) : text;
  }
  const events: ParseEvent[] = [];
  for await (const event of readRecords(chunks(), options)) events.push(event);
  return events;
}

const jsonl: ReadOptions = { format: "PROMPTS", syntax: "jsonl" };
const csv: ReadOptions = { format: "PROMPTS", syntax: "csv" };

describe("readRecords, JSONL", () => {
  it("reads every line of a fixture file, skipping blank lines", async () => {
    const text = readFileSync(path.join(import.meta.dirname, "../../test/fixtures/prompts.jsonl"), "utf8");
    const events = await read(`${text}\n\n`, jsonl);
    expect(events.map((e) => ("record" in e ? e.record.line : e))).toEqual([1, 2, 3, 4, 5]);
  });

  it("reports a malformed line, a missing field and a wrong type with their lines", async () => {
    const events = await read('{"prompt": "ok"}\n{"prompt": "unclosed\n{"title": "x"}\n{"prompt": ["a"]}\n', jsonl);
    expect(events[0]).toHaveProperty("record");
    expect(events[1]).toEqual({ problem: { line: 2, message: expect.stringMatching(/^is not valid JSON \(/) } });
    expect(events[2]).toEqual({ problem: { line: 3, field: "prompt", message: expect.stringMatching(/^is missing/) } });
    expect(events[3]).toEqual({ problem: { line: 4, field: "prompt", message: "expected a string, got an array" } });
  });

  it("reports an empty file", async () => {
    expect(await read("", jsonl)).toEqual([{ problem: { line: 0, message: "the file is empty: there is no row to import" } }]);
    expect(await read("\n  \n", jsonl)).toEqual([{ problem: { line: 0, message: "the file is empty: there is no row to import" } }]);
  });
});

describe("readRecords, CSV", () => {
  it("reads quoted fields with line breaks and reports each record's first line", async () => {
    const text = readFileSync(path.join(import.meta.dirname, "../../test/fixtures/prompts.csv"), "utf8");
    const events = await read(text, csv);
    const records = events.flatMap((e) => ("record" in e ? [e.record] : []));
    expect(records.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(records[0].tags).toEqual(["fraud", "web"]);
    expect(records[0].response).toBeUndefined(); // an empty cell is an absent field
    expect(records[1].response).toBe("It depends on where you live.");
    expect(records[2].turns[0].content).toBe('A prompt with a "quoted" word,\nand a line break');
  });

  it("keeps a quoted field's CR LF line breaks in a CRLF file (the studio's CSV exports)", async () => {
    const events = await read('prompt,response\r\n\r\n"a","line1\r\nline2\nline3"\r\n\r\nb,"x\r\ny\r\nz"\r\nc,d\r\n', csv);
    const records = events.flatMap((e) => ("record" in e ? [e.record] : []));
    expect(records.map((r) => [r.line, r.response])).toEqual([
      [3, "line1\r\nline2\nline3"],
      [7, "x\r\ny\r\nz"],
      [10, "d"],
    ]);
  });

  it("reports a row with the wrong number of columns and broken quoting", async () => {
    const events = await read('prompt,tags\n"fine",a\n"too",many,cells\n"unclosed,b\nlast,c\n', csv);
    expect(events[0]).toHaveProperty("record");
    const problems = events.flatMap((e) => ("problem" in e ? [e.problem] : []));
    expect(problems[0]).toEqual({ line: 3, message: expect.stringContaining("Invalid Record Length") });
    expect(problems[1]).toEqual({ line: expect.any(Number), message: expect.stringContaining("Quote Not Closed") });
  });

  it("reports a line of invalid UTF-8 and keeps the file's line numbers for the rows after it", async () => {
    const bytes = Buffer.concat([Buffer.from("prompt\nfirst\n"), Buffer.from([0xff, 0x41, 0x0a]), Buffer.from("third\n")]);
    const events = await read(bytes, csv);
    expect(events).toContainEqual({ problem: { line: 3, message: "is not valid UTF-8 (bad byte 0xff at byte 1 of the line)" } });
    const lines = events.flatMap((e) => ("record" in e ? [[e.record.line, e.record.turns[0].content]] : []));
    expect(lines).toEqual([
      [2, "first"],
      [4, "third"],
    ]);
  });
});
