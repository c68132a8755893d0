import { describe, expect, it } from "vitest";
import { csvField, csvHeader, csvLine, jsonLine } from "./encode";
import { appendMessage } from "./json-text";

describe("CSV (RFC 4180)", () => {
  it("quotes fields holding a comma, quote, CR or LF and doubles their quotes; leaves others bare", () => {
    expect(csvField("plain text")).toBe("plain text");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
  });
  it("writes nested values as JSON text, numbers as they print, null as nothing", () => {
    expect(csvField([{ role: "user", content: "Hi" }])).toBe('"[{""role"": ""user"", ""content"": ""Hi""}]"');
    expect(csvField(0.625)).toBe("0.625");
    expect(csvField(null)).toBe("");
  });
  it("puts a ' before a text cell a spreadsheet would run as a formula (OWASP), never before a number", () => {
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("+44 20 7946 0000")).toBe("'+44 20 7946 0000");
    expect(csvField("-rf")).toBe("'-rf");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("\r=1")).toBe('"\'\r=1"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("a = b")).toBe("a = b");
    expect(csvField(-0.5)).toBe("-0.5");
  });
  it("ends records with CRLF, columns in the layout's order", () => {
    const columns = [
      { name: "b", kind: "string" as const },
      { name: "a", kind: "double" as const },
    ];
    expect(csvHeader(columns)).toBe("b,a\r\n");
    expect(csvLine(columns, { a: 1, b: "x,y" })).toBe('"x,y",1\r\n');
  });
});

it("JSONL: one object per line, in Python's json.dumps style", () => {
  expect(jsonLine({ messages: [{ role: "user", content: "line\nbreak" }], n: 0.5, none: null })).toBe(
    '{"messages": [{"role": "user", "content": "line\\nbreak"}], "n": 0.5, "none": null}\n',
  );
});

it("JSON text kept from Postgres is written as it is, and an appended message matches its style", () => {
  const turnsJson = '[{"role": "user", "content": "Say \\"hi\\""}]';
  const messages = appendMessage(turnsJson, "assistant", 'hi\n"there"');
  expect(jsonLine({ messages })).toBe('{"messages": [{"role": "user", "content": "Say \\"hi\\""}, {"role": "assistant", "content": "hi\\n\\"there\\""}]}\n');
  expect(appendMessage("[]", "assistant", "a").text).toBe('[{"role": "assistant", "content": "a"}]');
  expect(JSON.parse(JSON.stringify({ messages }))).toEqual({
    messages: [
      { role: "user", content: 'Say "hi"' },
      { role: "assistant", content: 'hi\n"there"' },
    ],
  });
});
