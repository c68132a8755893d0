import { describe, expect, it } from "vitest";
import { plainRow } from "./json-text";
import { decidePreference, h4Row, preferenceRow, sftRow, type ChainRecord, type PairRecord } from "./rows";

const votes = (pAUsed: number | null, humanA = 0, humanB = 0, humanTie = 0) => ({ pAUsed, humanA, humanB, humanTie });

describe("decidePreference", () => {
  it("the AI verdict decides when nobody answered: P(A) >= 0.5 chooses A, the soft label is P(chosen)", () => {
    expect(decidePreference(votes(0.8), true)).toEqual({ aChosen: true, softLabel: 0.8, source: "ai" });
    expect(decidePreference(votes(0.25), true)).toEqual({ aChosen: false, softLabel: 0.75, source: "ai" });
  });
  it("a tie decides nothing: the pair is left out", () => {
    expect(decidePreference(votes(0.5), true)).toBeNull();
    expect(decidePreference(votes(0.9, 1, 1), true)).toBeNull();
    expect(decidePreference(votes(0.9, 0, 0, 1), true)).toBeNull();
  });
  it("people decide when humanWins (answers averaged, tie = 0.5); agreeing with the AI makes it both", () => {
    expect(decidePreference(votes(0.7, 0, 1), true)).toEqual({ aChosen: false, softLabel: 1, source: "human" });
    expect(decidePreference(votes(0.7, 2, 1, 1), true)).toEqual({ aChosen: true, softLabel: 0.625, source: "both" });
  });
  it("without humanWins the AI decides and people only confirm", () => {
    expect(decidePreference(votes(0.7, 0, 1), false)).toEqual({ aChosen: true, softLabel: 0.7, source: "ai" });
    expect(decidePreference(votes(0.7, 1), false)).toEqual({ aChosen: true, softLabel: 0.7, source: "both" });
  });
  it("people decide a pair no AI judged, whatever humanWins says", () => {
    expect(decidePreference(votes(null, 1), false)).toEqual({ aChosen: true, softLabel: 1, source: "human" });
    expect(decidePreference(votes(null), true)).toBeNull();
  });
  it("an adjudicator's resolution is the human label: it outweighs the split answers and says so", () => {
    const split = { ...votes(0.8, 1, 1), adjudicated: "B" as const };
    expect(decidePreference(split, true)).toEqual({ aChosen: false, softLabel: 1, source: "adjudicated" });
    expect(decidePreference({ ...votes(null, 2, 1), adjudicated: "A" as const }, true)).toEqual({ aChosen: true, softLabel: 1, source: "adjudicated" });
    // a tie resolved as a tie decides nothing; without humanWins the AI decides and the resolution only confirms or not
    expect(decidePreference({ ...votes(0.8, 1, 1), adjudicated: "TIE" as const }, true)).toBeNull();
    expect(decidePreference(split, false)).toEqual({ aChosen: true, softLabel: 0.8, source: "ai" });
    expect(decidePreference({ ...split, adjudicated: null }, true)).toBeNull();
  });
});

const turns = [
  { role: "system", content: "Be kind." },
  { role: "user", content: "Hi" },
  { role: "assistant", content: "Hello!" },
  { role: "user", content: "Insult me." },
];

const chain: ChainRecord = {
  promptId: 1,
  promptHash: "h",
  chainId: 2,
  revisionIndex: 1,
  turnsJson: JSON.stringify(turns),
  initialResponse: "You fool.",
  answer: "I'd rather not, but I can tease you gently.",
  critiqueRequest: "Is it harmful?",
  critique: "A little.",
  revisionRequest: "Make it kind.",
  constitutionVersionId: 3,
};

describe("row builders", () => {
  it("SFT: every turn, then the answer as the assistant", () => {
    expect(plainRow(sftRow(chain)).messages).toEqual([...turns, { role: "assistant", content: chain.answer }]);
  });
  it("H4: the last user turn as prompt, chosen = the revision, rejected = the initial answer", () => {
    const row = plainRow(h4Row(chain));
    expect(row).toMatchObject({ init_prompt: "Insult me.", prompt: "Insult me.", init_response: "You fool.", critic_prompt: "Is it harmful?", revision_response: chain.answer });
    expect(row.messages).toEqual(row.chosen);
    expect(row.rejected.at(-1)).toEqual({ role: "assistant", content: "You fool." });
    expect(row.rejected.slice(0, -1)).toEqual(turns);
  });
  it("PREFERENCE: TRL's conversational columns, B chosen when the decision says so", () => {
    const pair: PairRecord = {
      comparisonId: 9,
      promptId: 1,
      turnsJson: '[{"role": "user", "content": "Q"}]',
      responseA: "a",
      responseB: "b",
      pAUsed: 0.2,
      humanA: 0,
      humanB: 0,
      humanTie: 0,
      principleKeys: ["k"],
      judgeEndpoint: "j",
      judgeModel: "m",
      constitutionVersionId: null,
    };
    expect(plainRow(preferenceRow(pair, decidePreference(pair, true)!))).toEqual({
      prompt: [{ role: "user", content: "Q" }],
      chosen: [{ role: "assistant", content: "b" }],
      rejected: [{ role: "assistant", content: "a" }],
      soft_label: 0.8,
      label_source: "ai",
      principle_ids: ["k"],
      judge_endpoint: "j",
      judge_model: "m",
      comparison_id: 9,
    });
  });
});
