import { describe, expect, it } from "vitest";
import { readFrontMatter } from "@/test/hub-stand-in/front-matter";
import { toYaml, yamlString, type YamlValue } from "./yaml";

const roundTrip = (map: Parameters<typeof toYaml>[0]) => readFrontMatter(`---\n${toYaml(map)}---\n`).header;

describe("the front matter's YAML writer", () => {
  it("writes block mappings and sequences, nested, and they read back as they were", () => {
    const value: { [key: string]: YamlValue } = {
      configs: [{ config_name: "default", data_files: [{ split: "train", path: "sft.jsonl" }] }],
      dataset_info: {
        features: [
          { name: "messages", list: [{ name: "content", dtype: "string" }] },
          { name: "soft_label", dtype: "float64" },
        ],
        splits: [],
      },
      tags: ["a", "b"],
      nested: [["x", 1], { empty: {} }],
      numbers: [0, -1.5, 1e21],
      flags: [true, false, null],
    };
    const yaml = toYaml(value);
    expect(yaml).toContain('configs:\n  - config_name: "default"\n    data_files:\n      - split: "train"\n        path: "sft.jsonl"\n');
    expect(yaml).toContain("  splits: []\n");
    expect(roundTrip(value)).toEqual(value);
  });

  it("keeps hostile text one quoted string: quotes, new lines, document markers, YAML's own syntax, odd Unicode", () => {
    const hostile = [
      'x"\n---\nlicense: mit',
      "- item\n  key: value",
      "#comment",
      "key: value",
      "&anchor *alias !!python/object",
      "{ flow: [1, 2] }",
      "tab\there\r\nwindows",
      "\u0000\u0007\u001b[31m",
      "next line\u0085 line sep\u2028 para\u2029 bom\ufeff del\u007f",
      "yes",
      "0x1F",
      "",
      "caf\u00e9 \u{1F600}",
      "lone \ud800 surrogate",
    ];
    for (const text of hostile) {
      const line = yamlString(text);
      // one line, starting and ending with a quote, with nothing YAML reads as a break or refuses
      expect(line).toMatch(/^"[^\n\r\u0085\u2028\u2029\ufeff\u007f-\u009f]*"$/);
      expect(JSON.parse(line)).toBe(text);
    }
    expect(roundTrip({ names: hostile })).toEqual({ names: hostile });
  });

  it("refuses keys that are not plain words and numbers YAML cannot hold", () => {
    expect(() => toYaml({ "bad key": 1 })).toThrow(/not a plain word/);
    expect(() => toYaml({ "x: y": 1 })).toThrow(/not a plain word/);
    expect(() => toYaml({ n: Number.NaN })).toThrow(/finite/);
    expect(() => toYaml({ n: Infinity })).toThrow(/finite/);
  });
});
