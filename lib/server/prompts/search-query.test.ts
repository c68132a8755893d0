import { describe, expect, it } from "vitest";
import { prefixTsquery, searchWords } from "./search-query";

describe("prefixTsquery", () => {
  it("makes every word a prefix and requires all of them", () => {
    expect(prefixTsquery("Roommate move")).toBe("roommate:* & move:*");
  });

  it("keeps letters and digits of any script and drops tsquery syntax", () => {
    expect(prefixTsquery("don't | (drop) & !table:* <-> 1929")).toBe("don:* & t:* & drop:* & table:* & 1929:*");
    expect(prefixTsquery("Café naïve Ünïcode")).toBe("café:* & naïve:* & ünïcode:*");
  });

  it("returns undefined when nothing searchable is left", () => {
    expect(prefixTsquery("  !!! ??? ")).toBeUndefined();
    expect(prefixTsquery("")).toBeUndefined();
  });

  it("caps the number and length of words", () => {
    expect(searchWords(Array.from({ length: 30 }, (_, i) => `w${i}`).join(" "))).toHaveLength(12);
    expect(searchWords("x".repeat(500))[0]).toHaveLength(64);
  });
});
