import { describe, expect, it } from "vitest";
import { firstInvalidUtf8Byte, splitLines, type LineEvent, type LineLimits } from "./lines";
import { LimitError } from "./limits";

async function collect(chunks: (string | Uint8Array)[], max?: number, limits: Partial<LineLimits> = {}): Promise<LineEvent[]> {
  async function* source() {
    for (const c of chunks) yield typeof c === "string" ? Buffer.from(c) : c;
  }
  const events: LineEvent[] = [];
  for await (const e of splitLines(source(), { maxLineBytes: max, ...limits })) events.push(e);
  return events;
}

describe("splitLines", () => {
  it("joins lines split across chunks and numbers them from 1", async () => {
    const events = await collect(["first li", "ne\nsecond", " line\r\nthird"]);
    expect(events).toEqual([{ line: { number: 1, text: "first line" } }, { line: { number: 2, text: "second line", crlf: true } }, { line: { number: 3, text: "third" } }]);
  });

  it("drops a UTF-8 byte order mark and keeps multi-byte characters split across chunks", async () => {
    const bytes = Buffer.from("\uFEFFcafé ☕\n");
    const events = await collect([bytes.subarray(0, 6), bytes.subarray(6)]);
    expect(events).toEqual([{ line: { number: 1, text: "café ☕" } }]);
  });

  it("reports a line over the limit without keeping it, and goes on with the next line", async () => {
    const long = "x".repeat(5 * 1024 * 1024);
    const events = await collect(["ok\n", long.slice(0, 3_000_000), long.slice(3_000_000), "\nafter\n"], 2 * 1024 * 1024);
    expect(events[0]).toEqual({ line: { number: 1, text: "ok" } });
    expect(events[1]).toEqual({ problem: { line: 2, message: "the line is 5.0 MB, over the 2.0 MB limit for one line (CAI_IMPORT_MAX_LINE_MB or the CLI's --max-line-mb raise it)" } });
    expect(events[2]).toEqual({ line: { number: 3, text: "after" } });
  });

  it("reports invalid UTF-8 with the offending byte and its position", async () => {
    const bad = Buffer.concat([Buffer.from('{"prompt": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
    const events = await collect(["good\n", bad, "next\n"]);
    expect(events[1]).toEqual({ problem: { line: 2, message: "is not valid UTF-8 (bad byte 0xe9 at byte 16 of the line)" } });
    expect(events[2]).toEqual({ line: { number: 3, text: "next" } });
  });
});

describe("splitLines' limits", () => {
  it("stops at the first blank line over the blank-line limit, counting lines of spaces, tabs and CRs as blank", async () => {
    const error = await collect(["one\n", "\n \n\t\r\n", "two\n", "\n"], undefined, { maxBlankLines: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitError);
    expect(error).toMatchObject({ limit: "maxBlankLines", line: 6, message: "the file has more than 3 blank lines (CAI_IMPORT_MAX_BLANK_LINES sets this limit)" });
  });

  it("does not count a line over the length limit as blank, whatever its last piece", async () => {
    const events = await collect(["x".repeat(20), "\n", "ok\n"], 10, { maxBlankLines: 0 });
    expect(events.map((e) => ("line" in e ? e.line.text : e.problem.line))).toEqual([1, "ok"]);
  });

  it("stops at the first line over the line-count limit", async () => {
    const error = await collect(["a\nb\nc\n"], undefined, { maxRows: 2 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ limit: "maxRows", line: 3, message: "the file has more than 2 lines (CAI_IMPORT_MAX_ROWS sets this limit)" });
  });
});

describe("firstInvalidUtf8Byte", () => {
  it("finds truncated sequences, stray continuation bytes and surrogates", () => {
    expect(firstInvalidUtf8Byte(Buffer.from([0x61, 0xc3]))).toBe(1);
    expect(firstInvalidUtf8Byte(Buffer.from([0x61, 0x62, 0x80]))).toBe(2);
    expect(firstInvalidUtf8Byte(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
  });
});
