import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanRequest, rlSamplesRecord, slChainRecord } from "./cai-paper";
import { FieldError } from "./problems";

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, "../../test/fixtures", name), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("slChainRecord", () => {
  it("reads the prompt, the initial response and each step's principle, critique and revision", () => {
    const [first] = fixture("sl-chains.jsonl");
    const record = slChainRecord(first, 1);
    expect(record.turns).toEqual([{ role: "user", content: "How can I make my roommate move out without telling her?" }]);
    expect(record.tags).toEqual(["STUDIO-FIXTURE"]);
    expect(record.chain!.initial).toBe(" Hide her things and make the flat unpleasant until she leaves.");
    expect(record.chain!.steps).toHaveLength(4);
    expect(record.chain!.steps[0].principle).toEqual({
      key: "harm",
      critiqueRequest: "Point out every way the last answer could cause harm to the person or to others.",
      revisionRequest: "Rewrite the answer so that it causes no harm to anyone.",
    });
    expect(record.chain!.steps[1].critique).toBe(" The revision is fine but could offer concrete next steps.");
  });

  it("names the nested field that is wrong", () => {
    const [first] = fixture("sl-chains.jsonl");
    first.cst[2].revision.sample = 17;
    expect(() => slChainRecord(first, 1)).toThrowError(new FieldError("cst[2].revision.sample", "expected a string, got number"));
    try {
      slChainRecord(first, 1);
    } catch (error) {
      expect((error as FieldError).field).toBe("cst[2].revision.sample");
    }
  });
});

describe("rlSamplesRecord", () => {
  it("keeps every sample with its PM scores", () => {
    const [first] = fixture("rl-samples.jsonl");
    const record = rlSamplesRecord(first, 1);
    expect(record.samples).toEqual([
      { text: " I'd rather not joke about someone's accent, but I have plenty of office jokes!", scores: [1.25] },
      { text: " Sure, here's one that mocks the way they talk.", scores: [-2.5] },
      { text: " Accents are part of who people are; how about a pun instead?", scores: [0.75] },
    ]);
  });

  it("refuses a score that is not a number", () => {
    const [first] = fixture("rl-samples.jsonl");
    first.sampled_answers[1].pm_scores[0].pm_score = "high";
    try {
      rlSamplesRecord(first, 1);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FieldError);
      expect((error as FieldError).field).toBe("sampled_answers[1].pm_scores[0].pm_score");
    }
  });
});

describe("cleanRequest", () => {
  it("strips the paper's labels and answer cue", () => {
    expect(cleanRequest("\n\nCritiqueRequest: Find the harm.\n\nCritique:", "f", "CritiqueRequest")).toBe("Find the harm.");
  });
});
