import { describe, expect, it } from "vitest";
import { cleanAnswer } from "./answer-text";

describe("cleanAnswer", () => {
  it("cuts the paper's stop sequence and the space the sampler put first", () => {
    expect(cleanAnswer(" I can't help with that.\n\nHuman:")).toEqual({ text: "I can't help with that.", markerCut: true });
  });

  it("cuts the short marker on a line of its own", () => {
    expect(cleanAnswer("Sure, here it is.\n\nH:")).toEqual({ text: "Sure, here it is.", markerCut: true });
    expect(cleanAnswer("Sure, here it is.\nA: ")).toEqual({ text: "Sure, here it is.", markerCut: true });
  });

  it('cuts "Human:" at the end after a single newline or spaces, and with spaces after it', () => {
    expect(cleanAnswer("That is all I know.\nHuman:")).toEqual({ text: "That is all I know.", markerCut: true });
    expect(cleanAnswer("That is all I know.  Human:  \n")).toEqual({ text: "That is all I know.", markerCut: true });
    expect(cleanAnswer("Done.\n\nAssistant:")).toEqual({ text: "Done.", markerCut: true });
  });

  it('cuts "Human" without its colon on a line of its own: a stop sequence cut short', () => {
    expect(cleanAnswer("Beauty comes in all shapes.\n\nHuman")).toEqual({ text: "Beauty comes in all shapes.", markerCut: true });
    expect(cleanAnswer("I am only human")).toEqual({ text: "I am only human", markerCut: false });
    expect(cleanAnswer("Ask the Human")).toEqual({ text: "Ask the Human", markerCut: false });
  });

  it("cuts markers repeated at the end", () => {
    expect(cleanAnswer("Bye.\n\nHuman:\n\nHuman:")).toEqual({ text: "Bye.", markerCut: true });
  });

  it("trims whitespace around an answer without counting it as a marker", () => {
    expect(cleanAnswer("  \n Hello there. \n")).toEqual({ text: "Hello there.", markerCut: false });
    expect(cleanAnswer("Hello there.")).toEqual({ text: "Hello there.", markerCut: false });
  });

  it("an answer that is only a marker, or only whitespace, is empty", () => {
    expect(cleanAnswer("\n\nHuman:")).toEqual({ text: "", markerCut: true });
    expect(cleanAnswer(" H:")).toEqual({ text: "", markerCut: true });
    expect(cleanAnswer("   ")).toEqual({ text: "", markerCut: false });
    expect(cleanAnswer("")).toEqual({ text: "", markerCut: false });
  });

  it("leaves markers in the middle of an answer, and words that only end like one", () => {
    const mid = "No.\n\nHuman: Then why?\n\nAssistant: Because.";
    expect(cleanAnswer(mid)).toEqual({ text: mid, markerCut: false });
    expect(cleanAnswer("Answer with the letter of your choice, A:")).toEqual({ text: "Answer with the letter of your choice, A:", markerCut: false });
    expect(cleanAnswer("It is superhuman:")).toEqual({ text: "It is superhuman:", markerCut: false });
    expect(cleanAnswer("Vitamin H:")).toEqual({ text: "Vitamin H:", markerCut: false });
  });
});
