import { describe, expect, it } from "vitest";
import { hhRlhfRecord } from "./hh-rlhf";
import { FieldError } from "./problems";

describe("hhRlhfRecord", () => {
  it("makes the shared conversation the prompt and the two last answers the pair", () => {
    const record = hhRlhfRecord(
      {
        chosen: "\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Insult me\n\nAssistant: I'd rather not.",
        rejected: "\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Insult me\n\nAssistant: You are dull.",
      },
      7,
    );
    expect(record.turns).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello!" },
      { role: "user", content: "Insult me" },
    ]);
    expect(record.pair).toEqual({ chosen: "I'd rather not.", rejected: "You are dull." });
  });

  it("refuses transcripts whose conversations differ before the last answer", () => {
    const run = () => hhRlhfRecord({ chosen: "\n\nHuman: A\n\nAssistant: x", rejected: "\n\nHuman: B\n\nAssistant: y" }, 1);
    expect(run).toThrowError(FieldError);
    expect(run).toThrowError('does not share the conversation before the last answer with "chosen" (turn 1 differs)');
  });

  it("refuses a transcript that does not end with the assistant's answer", () => {
    expect(() => hhRlhfRecord({ chosen: "\n\nHuman: A\n\nAssistant:", rejected: "\n\nHuman: A\n\nAssistant: y" }, 1)).toThrowError(
      /must be a "Human: ... Assistant: ..." transcript that ends with the assistant's answer/,
    );
  });
});
