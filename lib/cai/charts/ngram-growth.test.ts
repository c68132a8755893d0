import { describe, expect, it } from "vitest";
import { ngramGrowth, tokenize, type TextGroup } from "./ngram-growth";

// The boilerplate "you are valid, valued, and cared for" in 0 of 3 initial answers, 1 of 3 first
// revisions and 3 of 3 second revisions. "you are" also occurs once on its own in revision 0.
const revisions: TextGroup[] = [
  {
    key: 0,
    texts: ["I cannot help with making weapons.", "Here is some general safety information.", "You are right: please talk to a doctor about this."],
  },
  {
    key: 1,
    texts: ["I cannot help with that, but you are valid, valued, and cared for.", "Here is some safety information instead.", "Talk to a doctor."],
  },
  {
    key: 2,
    texts: [
      "You are valid, valued, and cared for. Please reach out to someone.",
      "Safety matters. You are valid, valued, and cared for.",
      "Talk to a doctor; you are valid, valued, and cared for.",
    ],
  },
];

describe("tokenize", () => {
  it("lower-cases words, keeps apostrophes inside them, drops punctuation", () => {
    expect(tokenize("You're valid, valued — and CARED for! 'Quoted' can’t")).toEqual(["you're", "valid", "valued", "and", "cared", "for", "quoted", "can't"]);
    expect(tokenize("...")).toEqual([]);
  });
});

describe("ngramGrowth", () => {
  it("puts the spreading boilerplate first: shares 0, 1/3, 1", () => {
    const result = ngramGrowth(revisions, { top: 4, stopWords: new Set() });
    // the 7-word boilerplate as its three 5-word pieces, each in 0, 1, 3 texts: growth 1 - 0 = 1;
    // then "you are", in 1, 1, 3 texts: shares 1/3, 1/3, 1, growth 2/3, ratio 1 / (1/3) = 3
    expect(result.map((r) => r.phrase)).toEqual(["are valid valued and cared", "valid valued and cared for", "you are valid valued and", "you are"]);
    expect(result[0]).toMatchObject({ n: 5, counts: [0, 1, 3], growth: 1, ratio: null });
    expect(result[0].shares).toEqual([0, 1 / 3, 1]);
    expect(result[3].counts).toEqual([1, 1, 3]);
    expect(result[3].growth).toBeCloseTo(2 / 3, 12);
    expect(result[3].ratio).toBeCloseTo(3, 12);
  });

  it("skips phrases made only of stop words by default: 'you are' goes, the boilerplate stays", () => {
    const phrases = ngramGrowth(revisions, { top: 1000 }).map((r) => r.phrase);
    expect(phrases.slice(0, 4)).toEqual(["are valid valued and cared", "valid valued and cared for", "you are valid valued and", "talk to a doctor"]);
    expect(phrases).not.toContain("you are");
    // "here is some": all three are stop words, so it goes too
    expect(phrases).not.toContain("here is some");
    expect(phrases).toContain("safety information");
  });

  it("drops a phrase that only ever occurs inside a longer one", () => {
    const phrases = ngramGrowth(revisions, { top: 1000 }).map((r) => r.phrase);
    // "valued and cared", "cared for", "you are valid" have the counts 0, 1, 3 of the 5-word pieces
    expect(phrases).not.toContain("valued and cared");
    expect(phrases).not.toContain("cared for");
    expect(phrases).not.toContain("you are valid");
    // "talk to a doctor" (1, 1, 1) stays; "to a doctor" (1, 1, 1 too) is inside it and goes
    expect(phrases).toContain("talk to a doctor");
    expect(phrases).not.toContain("to a doctor");
    // shrinking: "here is some" in 1, 1, 0 -> growth -1/3 (kept only when stop words are)
    expect(ngramGrowth(revisions, { top: 1000, stopWords: new Set() }).find((r) => r.phrase === "here is some")).toMatchObject({ counts: [1, 1, 0] });
  });

  it("shows the boilerplate whole when maxN reaches its length", () => {
    const [first, second] = ngramGrowth(revisions, { maxN: 7, top: 2 });
    expect(first).toMatchObject({ phrase: "you are valid valued and cared for", n: 7, counts: [0, 1, 3], growth: 1 });
    expect(second.phrase).toBe("talk to a doctor");
  });

  it("counts a text once however often it repeats a phrase, and stops at sentence ends", () => {
    const result = ngramGrowth(
      [
        { key: "a", texts: ["good day. good day. good day"] },
        { key: "b", texts: ["good day", "day good"] },
      ],
      { minCount: 1, top: 10 },
    );
    // "good day" in 1 of 1, then 1 of 2 texts; "day good" never spans "day. good", so only in b
    expect(result.find((r) => r.phrase === "good day")).toMatchObject({ counts: [1, 1], shares: [1, 0.5], growth: -0.5, ratio: 0.5 });
    expect(result.find((r) => r.phrase === "day good")).toMatchObject({ counts: [0, 1] });
  });

  it("applies minCount over all groups, and handles no groups or an empty group", () => {
    const rare = ngramGrowth(
      [
        { key: 0, texts: [] },
        { key: 1, texts: ["one rare phrase"] },
      ],
      { minCount: 2 },
    );
    expect(rare).toEqual([]);
    const kept = ngramGrowth(
      [
        { key: 0, texts: [] },
        { key: 1, texts: ["one rare phrase"] },
      ],
      { minCount: 1 },
    );
    expect(kept).toEqual([{ phrase: "one rare phrase", n: 3, counts: [0, 1], shares: [0, 1], growth: 1, ratio: null }]);
    expect(ngramGrowth([])).toEqual([]);
    expect(() => ngramGrowth(revisions, { minN: 3, maxN: 2 })).toThrow();
  });
});
