import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DetectError, detectFileKind } from "./detect";

const head = (name: string) => readFileSync(path.join(import.meta.dirname, "../../test/fixtures", name), "utf8").slice(0, 65536);

describe("detectFileKind", () => {
  it.each([
    ["prompts.jsonl", { kind: "dataset", format: "PROMPTS", syntax: "jsonl" }],
    ["prompts.csv", { kind: "dataset", format: "PROMPTS", syntax: "csv" }],
    ["hh-rlhf.jsonl", { kind: "dataset", format: "HH_RLHF", syntax: "jsonl" }],
    ["sl-chains.jsonl", { kind: "dataset", format: "CAI_SL_CHAINS", syntax: "jsonl" }],
    ["rl-samples.jsonl", { kind: "dataset", format: "CAI_RL_SAMPLES", syntax: "jsonl" }],
    ["principles.json", { kind: "constitution" }],
    ["preference-principles.json", { kind: "constitution" }],
  ])("recognises %s", (name, expected) => {
    expect(detectFileKind(head(name), name)).toEqual(expected);
  });

  it("recognises the studio's SFT and preference exports, in JSONL and CSV", () => {
    const sft = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}\n';
    expect(detectFileKind(sft, "sft.jsonl")).toEqual({ kind: "dataset", format: "PROMPTS", syntax: "jsonl" });
    expect(detectFileKind('messages\n"[{""role"": ""user""}]"\n', "sft.csv")).toEqual({ kind: "dataset", format: "PROMPTS", syntax: "csv" });
    const pair = '{"prompt": [{"role": "user", "content": "Hi"}], "chosen": [{"role": "assistant", "content": "Hello"}], "rejected": [], "soft_label": 0.9}\n';
    expect(detectFileKind(pair, "prefs.jsonl")).toEqual({ kind: "dataset", format: "HH_RLHF", syntax: "jsonl" });
    expect(detectFileKind('"prompt","chosen","rejected",soft_label\n', "prefs.csv")).toEqual({ kind: "dataset", format: "HH_RLHF", syntax: "csv" });
  });

  it("says when it cannot tell", () => {
    expect(() => detectFileKind("just some words\n", "notes.txt")).toThrowError(DetectError);
    // the importer puts the file's name in front ("notes.txt: ..."): the message does not say it again
    expect(() => detectFileKind("just some words\n", "notes.txt")).toThrowError(/^cannot tell the format: its first line/);
    expect(() => detectFileKind("\n\n", "blank.jsonl")).toThrowError("the file is empty");
  });
});
