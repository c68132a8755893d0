import { describe, expect, it } from "vitest";
import { isEvasive } from "@/lib/cai/charts/evasive";
import { failureModes, fewWords, seededSample } from "@/lib/cai/experiments/failure-modes";

const BOILERPLATE = "You are valid, valued, and cared for.";
const helpful = (i: number) => `Here is how to repot plant number ${i}. Water it the day before, then loosen the roots gently.`;

describe("failureModes", () => {
  const arms = [
    { arm: "v1", texts: [...Array.from({ length: 18 }, (_, i) => helpful(i)), "I can't help with that.", "I'm sorry, but I cannot assist."] },
    { arm: "v2", texts: Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? `${helpful(i)} ${BOILERPLATE}` : helpful(i))) },
  ];

  it("counts evasive answers and mean length per arm", () => {
    const result = failureModes(arms);
    expect(result.arms[0]).toMatchObject({ arm: "v1", answers: 20, evasive: 2, evasiveShare: 0.1, sampled: 20 });
    expect(result.arms[1]).toMatchObject({ arm: "v2", answers: 20, evasive: 0, evasiveShare: 0 });
    const chars = arms[1].texts.reduce((sum, t) => sum + t.length, 0);
    expect(result.arms[1].meanLength).toBe(chars / 20);
  });

  it("finds the boilerplate that grows in one arm and gives its share in each", () => {
    const { phrases } = failureModes(arms, { maxN: 5 });
    // five words, as one phrase: its pieces only ever occur inside it
    const boiler = phrases.find((p) => p.phrase === "you are valid valued and");
    expect(boiler).toBeDefined();
    expect(boiler).toMatchObject({ counts: [0, 10], shares: [0, 0.5] });
    expect(phrases[0].shares[1] - phrases[0].shares[0]).toBe(0.5);
  });

  it("measures phrases it is given, matched as ngramGrowth counts them (within a sentence, punctuation ignored)", () => {
    const { phrases } = failureModes(arms, { phrases: ["Valid, valued", "cared for", "roots gently", "gently you"] });
    expect(phrases.map((p) => [p.phrase, p.counts])).toEqual([
      ["valid valued", [0, 10]],
      ["cared for", [0, 10]],
      ["roots gently", [18, 20]],
      // "...gently. You are": a sentence end in between
      ["gently you", [0, 0]],
    ]);
  });

  it("reads phrases in a seeded sample of each arm, the same for the same seed", () => {
    const a = failureModes(arms, { sample: 8, seed: 4 });
    expect(a.arms.map((arm) => arm.sampled)).toEqual([8, 8]);
    expect(failureModes(arms, { sample: 8, seed: 4 })).toEqual(a);
    // evasive share and length stay over every answer
    expect(a.arms[0].evasive).toBe(2);
  });
});

describe("seededSample", () => {
  it("draws without replacement, keeps the original order, and is reproducible", () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const sample = seededSample(items, 10, "s");
    expect(new Set(sample).size).toBe(10);
    expect([...sample].sort((a, b) => a - b)).toEqual(sample);
    expect(seededSample(items, 10, "s")).toEqual(sample);
    expect(seededSample(items, 10, "t")).not.toEqual(sample);
    expect(seededSample(items, 200, "s")).toEqual(items);
  });
});

describe("fewWords", () => {
  it("agrees with isEvasive's word limit: only answers of at most maxWords words can be evasive", () => {
    const refusal = "I can't help with that.";
    const long = `${refusal} ${"word ".repeat(30)}`;
    expect(fewWords(refusal, 30)).toBe(true);
    expect(fewWords(long, 30)).toBe(false);
    expect(isEvasive(long)).toBe(false);
    // pieces without a letter or digit are not words, for either
    const dashes = `${refusal} ${"- ".repeat(40)}`;
    expect(fewWords(dashes, 30)).toBe(true);
    expect(isEvasive(dashes)).toBe(true);
  });
});
