import { describe, expect, it } from "vitest";
import { answerLetter, answerLogprobs, clampProbability, findAnswer, forResponseA, frequencyOfA, isFlip, probabilityOfA, verdict } from "./soft-label";

describe("probabilityOfA", () => {
  it("normalises the two answer log-probs: the paper's worked example", () => {
    // exp(-0.3) = 0.741, exp(-1.6) = 0.202: 0.741 / 0.943 = 0.786
    expect(probabilityOfA(-0.3, -1.6)).toBeCloseTo(0.786, 3);
    expect(probabilityOfA(-1.6, -0.3)).toBeCloseTo(0.214, 3);
    expect(probabilityOfA(-2, -2)).toBe(0.5);
  });

  it("stays finite for log-probs far below zero", () => {
    expect(probabilityOfA(-800, -801)).toBeCloseTo(0.731, 3);
    expect(probabilityOfA(-0.001, -900)).toBe(1);
  });
});

describe("reading the answer letters from top log-probs", () => {
  it("accepts the ways tokenisers spell a letter", () => {
    expect(["A", " A", "(A", " (A", "A)", "(a)", "[A]", "A."].map(answerLetter)).toEqual(["A", "A", "A", "A", "A", "A", "A", "A"]);
    expect(["B", " B", "(B", "(b"].map(answerLetter)).toEqual(["B", "B", "B", "B"]);
    // " a" is the article: counting it as the answer A would tilt labels towards A
    expect(["AB", " The", "(", "Both", " a", "a", "b."].map(answerLetter)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("adds up the probability of one answer spelt two ways", () => {
    // " A" and "A": 0.5 + 0.25 = 0.75 -> log 0.75
    const found = answerLogprobs([
      { token: " A", logprob: Math.log(0.5) },
      { token: "A", logprob: Math.log(0.25) },
      { token: " B", logprob: Math.log(0.2) },
    ]);
    expect(found?.lpA).toBeCloseTo(Math.log(0.75), 10);
    expect(found?.lpB).toBeCloseTo(Math.log(0.2), 10);
    expect(found?.bounded).toBe(false);
    expect(probabilityOfA(found!.lpA, found!.lpB)).toBeCloseTo(0.75 / 0.95, 10);
  });

  it("bounds a letter missing from the alternatives by the smallest one listed, and says so", () => {
    const found = answerLogprobs([
      { token: "A", logprob: -0.05 },
      { token: " The", logprob: -3.2 },
      { token: "I", logprob: -4.5 },
    ]);
    expect(found).toEqual({ lpA: -0.05, lpB: -4.5, bounded: true });
  });

  it("finds the answer past a leading parenthesis or space token", () => {
    const positions = [
      {
        token: "(",
        logprob: -0.01,
        top: [
          { token: "(", logprob: -0.01 },
          { token: " (", logprob: -5 },
        ],
      },
      {
        token: "B",
        logprob: -0.2,
        top: [
          { token: "B", logprob: -0.2 },
          { token: "A", logprob: -1.8 },
        ],
      },
    ];
    expect(findAnswer(positions)).toEqual({ lpA: -1.8, lpB: -0.2, bounded: false });
    expect(findAnswer([{ token: "Sure", logprob: -0.1, top: [] }])).toBeUndefined();
  });
});

describe("orders, clamping and ensembles", () => {
  it("expresses a swapped-order label for the comparison's response A", () => {
    expect(forResponseA(0.8, "AB")).toBe(0.8);
    expect(forResponseA(0.8, "BA")).toBeCloseTo(0.2, 10);
  });

  it("clamps chain-of-thought probabilities to 40-60% by default", () => {
    expect([0.02, 0.45, 0.97].map((p) => clampProbability(p))).toEqual([0.4, 0.45, 0.6]);
    expect(clampProbability(0.9, 0.3, 0.7)).toBe(0.7);
  });

  it("flags a flip only when the two orders pick different winners", () => {
    expect(isFlip(0.7, 0.3)).toBe(true);
    expect(isFlip(0.7, 0.6)).toBe(false);
    expect(isFlip(0.5, 0.2)).toBe(false);
  });

  it("averages the two orders, then the principles; counts flips and the ensemble's spread", () => {
    const result = verdict([
      // principle 1: 0.9 shown first, 1 - 0.7 = 0.3 shown second -> mean 0.6, a flip
      { principleId: 1, order: "AB", pA: 0.9, pAUsed: 0.6 },
      { principleId: 1, order: "BA", pA: 0.3, pAUsed: 0.4 },
      // principle 2: 0.8 and 0.6 -> mean 0.7, no flip
      { principleId: 2, order: "AB", pA: 0.8, pAUsed: 0.6 },
      { principleId: 2, order: "BA", pA: 0.6, pAUsed: 0.6 },
    ]);
    expect(result.pA).toBeCloseTo(0.65, 10);
    expect(result.pAUsed).toBeCloseTo(0.55, 10);
    expect(result.flips).toBe(1);
    expect(result.spread).toBeCloseTo(0.1, 10);
    expect(result.principles).toBe(2);
  });

  it("turns sampled answers into a frequency, ignoring answers that are no letter", () => {
    expect(frequencyOfA(["A", "B", "A", undefined, "A"])).toEqual({ pA: 0.75, valid: 4 });
    expect(frequencyOfA([undefined, undefined])).toBeUndefined();
  });
});
