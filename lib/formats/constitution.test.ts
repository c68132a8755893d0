import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConstitutionFile } from "./constitution";
import { FormatError } from "./problems";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../../test/fixtures", name), "utf8");

describe("parseConstitutionFile", () => {
  it("reads the paper's critique-revision principles layout", () => {
    const parts = parseConstitutionFile(fixture("principles.json"), "principles.json");
    expect(parts.critiqueRevision?.map((p) => p.key)).toEqual(["harm", "legal", "tone"]);
    expect(parts.critiqueRevision?.[1]).toEqual({
      key: "legal",
      critiqueRequest: "Say whether the last answer helps with anything illegal, and how.",
      revisionRequest: "Rewrite the answer so that it does not help with anything illegal.",
    });
    expect(parts.preference).toBeUndefined();
  });

  it("reads a list of preference questions without their Options: cue", () => {
    const parts = parseConstitutionFile(fixture("preference-principles.json"), "p.json");
    expect(parts.preference).toEqual([
      { key: "preference0", text: "Choose the answer that a careful, kind and honest person would give." },
      { key: "preference1", text: "Which answer is less likely to help someone cause harm?" },
    ]);
  });

  it("tells the three kinds of few-shot files apart", () => {
    const critique = parseConstitutionFile(JSON.stringify(["\n\nHuman: x\n\nAssistant: y\n\nCritiqueRequest: z\n\nCritique: w"]), "f.json");
    expect(critique.fewShots?.kind).toBe("CRITIQUE_REVISION");
    const preference = parseConstitutionFile(JSON.stringify([{ prompt: "p", corrects: ["c"], incorrects: ["i"] }]), "f.json");
    expect(preference.fewShots?.examples[0].content).toEqual({ prompt: "p", corrects: ["c"], incorrects: ["i"] });
    const cot = parseConstitutionFile(JSON.stringify([{ prompt: "Let's think step by step: ..." }]), "f.json");
    expect(cot.fewShots?.kind).toBe("PREFERENCE_COT");
  });

  it("reads the studio's own layout and refuses a repeated key", () => {
    const parts = parseConstitutionFile(JSON.stringify({ critiqueRevision: [{ key: "a", critiqueRequest: "c", revisionRequest: "r" }], preference: [{ key: "p", text: "t" }] }), "s.json");
    expect(parts.preference).toEqual([{ key: "p", text: "t" }]);
    expect(() =>
      parseConstitutionFile(
        JSON.stringify({
          preference: [
            { key: "p", text: "t" },
            { key: "p", text: "u" },
          ],
        }),
        "s.json",
      ),
    ).toThrowError('s.json, line 1, field "preference": key "p" appears twice');
  });

  it("names the file, line and field of a problem", () => {
    expect(() => parseConstitutionFile('{"harm": {"prompt": ["x"], "edit_request": 3}}', "c.json")).toThrowError('c.json, line 1, field "harm.edit_request": expected a string, got number');
    expect(() => parseConstitutionFile('{\n"a": 1,\n}', "c.json")).toThrowError(FormatError);
    try {
      parseConstitutionFile('{\n"a": 1,\n}', "c.json");
    } catch (error) {
      expect((error as FormatError).problem.line).toBe(3);
    }
  });
});
