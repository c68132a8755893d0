import { describe, expect, it } from "vitest";
import { createNdjsonReader } from "@/components/imports/ndjson";

describe("createNdjsonReader", () => {
  it("returns each complete line once as the text grows, holding back a partial line", () => {
    const reader = createNdjsonReader<{ n: number }>();
    expect(reader.read('{"n":1}\n{"n"')).toEqual([{ n: 1 }]);
    expect(reader.read('{"n":1}\n{"n"')).toEqual([]);
    expect(reader.read('{"n":1}\n{"n":2}\n{"n":3}\n')).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it("reads a last line without a newline when the response is complete", () => {
    const reader = createNdjsonReader<{ n: number }>();
    expect(reader.read('{"n":1}\n{"n":2}')).toEqual([{ n: 1 }]);
    expect(reader.read('{"n":1}\n{"n":2}', true)).toEqual([{ n: 2 }]);
  });
});
