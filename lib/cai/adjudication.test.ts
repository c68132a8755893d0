import { describe, expect, it } from "vitest";
import { adjudicationReasons } from "./adjudication";

describe("adjudicationReasons", () => {
  it("sends a split between reviewers, a tie against an answer included, and not a lone or unanimous answer", () => {
    expect(adjudicationReasons({ a: 1, b: 1, tie: 0, pAUsed: 0.9 }, null)).toEqual(["reviewers disagree"]);
    expect(adjudicationReasons({ a: 2, b: 0, tie: 1, pAUsed: null }, null)).toEqual(["reviewers disagree"]);
    expect(adjudicationReasons({ a: 3, b: 0, tie: 0, pAUsed: 0.1 }, null)).toEqual([]);
    expect(adjudicationReasons({ a: 0, b: 1, tie: 0, pAUsed: 0.9 }, null)).toEqual([]);
  });

  it("with a threshold, sends pairs whose people and AI differ by more than it", () => {
    // people 2/3 for A against P(A) 0.2: 0.4667 apart
    expect(adjudicationReasons({ a: 2, b: 1, tie: 0, pAUsed: 0.2 }, 0.4)).toEqual(["reviewers disagree", "people and AI differ"]);
    expect(adjudicationReasons({ a: 2, b: 1, tie: 0, pAUsed: 0.2 }, 0.5)).toEqual(["reviewers disagree"]);
    expect(adjudicationReasons({ a: 0, b: 2, tie: 0, pAUsed: 0.75 }, 0.5)).toEqual(["people and AI differ"]);
    // exactly at the threshold is not beyond it; no verdict, nothing to differ from
    expect(adjudicationReasons({ a: 0, b: 2, tie: 0, pAUsed: 0.5 }, 0.5)).toEqual([]);
    expect(adjudicationReasons({ a: 0, b: 2, tie: 0, pAUsed: null }, 0.1)).toEqual([]);
  });
});
