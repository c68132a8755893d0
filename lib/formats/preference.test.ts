import { describe, expect, it } from "vitest";
import { fieldError } from "./field-error.testing";
import { preferenceRecord } from "./preference";

const user = (content: string) => ({ role: "user", content });
const assistant = (content: string) => ({ role: "assistant", content });

describe("preferenceRecord, hh-rlhf transcripts", () => {
  it("makes the shared conversation the prompt and the two last answers the pair", () => {
    const record = preferenceRecord(
      {
        chosen: "\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Insult me\n\nAssistant: I'd rather not.",
        rejected: "\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Insult me\n\nAssistant: You are dull.",
      },
      7,
    );
    expect(record.turns).toEqual([user("Hi"), assistant("Hello!"), user("Insult me")]);
    expect(record.pair).toEqual({ chosen: "I'd rather not.", rejected: "You are dull." });
  });

  it("refuses transcripts whose conversations differ before the last answer", () => {
    const run = () => preferenceRecord({ chosen: "\n\nHuman: A\n\nAssistant: x", rejected: "\n\nHuman: B\n\nAssistant: y" }, 1);
    expect(fieldError(run)).toEqual({ field: "rejected", message: 'does not share the conversation before the last answer with "chosen" (turn 1 differs)' });
  });

  it("reads an answer left empty after the Assistant: cue as an empty answer (hh-rlhf line 87)", () => {
    const record = preferenceRecord(
      { chosen: "\n\nHuman: A?\n\nAssistant: x\n\nHuman: Again?\n\nAssistant: ", rejected: "\n\nHuman: A?\n\nAssistant: x\n\nHuman: Again?\n\nAssistant: y" },
      1,
    );
    expect(record.turns).toEqual([user("A?"), assistant("x"), user("Again?")]);
    expect(record.pair).toEqual({ chosen: "", rejected: "y" });
  });

  it("keeps an answer that runs on into a Human: turn of its own as one answer", () => {
    const record = preferenceRecord(
      {
        chosen: "\n\nHuman: Are drag queens men?\n\nAssistant: No.  Human: Then what?\n\nAssistant:  Performers.",
        rejected: "\n\nHuman: Are drag queens men?\n\nAssistant: Mostly, yes.",
      },
      1,
    );
    expect(record.turns).toEqual([user("Are drag queens men?")]);
    expect(record.pair).toEqual({ chosen: "No.  Human: Then what?\n\nAssistant:  Performers.", rejected: "Mostly, yes." });
  });

  it("refuses a transcript that ends with the human's turn", () => {
    expect(fieldError(() => preferenceRecord({ chosen: "\n\nHuman: A\n\nAssistant: x\n\nHuman: B", rejected: "\n\nHuman: A\n\nAssistant: x\n\nHuman: B\n\nAssistant: y" }, 1))).toEqual({
      field: "chosen",
      message: "must be a conversation that ends with the assistant's answer",
    });
  });
});

describe("preferenceRecord, TRL's forms", () => {
  it("reads the conversational form: prompt messages, one assistant message each", () => {
    const record = preferenceRecord(
      { prompt: [{ role: "system", content: "Be kind." }, user("What color is the sky?")], chosen: [assistant("It is blue.")], rejected: [assistant("It is green.")] },
      2,
    );
    expect(record).toEqual({
      line: 2,
      tags: [],
      turns: [{ role: "system", content: "Be kind." }, user("What color is the sky?")],
      pair: { chosen: "It is blue.", rejected: "It is green." },
    });
  });

  it("reads the standard form: the prompt as one user turn, the answers as they are", () => {
    const record = preferenceRecord({ prompt: "The sky is", chosen: " blue.", rejected: " green." }, 1);
    expect(record.turns).toEqual([user("The sky is")]);
    expect(record.pair).toEqual({ chosen: " blue.", rejected: " green." });
  });

  it("takes the implicit prompt of two whole conversations", () => {
    const record = preferenceRecord({ chosen: [user("What color is the sky?"), assistant("It is blue.")], rejected: [user("What color is the sky?"), assistant("It is green.")] }, 1);
    expect(record.turns).toEqual([user("What color is the sky?")]);
    expect(record.pair).toEqual({ chosen: "It is blue.", rejected: "It is green." });
  });

  it("takes the implicit prompt of two texts where they first differ, as TRL's extract_prompt does", () => {
    const record = preferenceRecord({ chosen: "The sky is blue.", rejected: "The sky is green." }, 1);
    expect(record.turns).toEqual([user("The sky is")]);
    expect(record.pair).toEqual({ chosen: " blue.", rejected: " green." });
  });

  it("takes the prompt from the conversations when the prompt column is plain text beside them, as TRL does", () => {
    const record = preferenceRecord(
      { prompt: "sky colour?", chosen: [user("What color is the sky?"), assistant("Blue.")], rejected: [user("What color is the sky?"), assistant("Green.")] },
      1,
    );
    expect(record.turns).toEqual([user("What color is the sky?")]);
    expect(record.pair).toEqual({ chosen: "Blue.", rejected: "Green." });
  });

  it("accepts answers that repeat the prompt, and a transcript prompt ending with the Assistant: cue", () => {
    const repeated = preferenceRecord({ prompt: [user("Hi")], chosen: [user("Hi"), assistant("Hello")], rejected: [assistant("Go away")] }, 1);
    expect(repeated.pair).toEqual({ chosen: "Hello", rejected: "Go away" });
    const transcript = preferenceRecord({ prompt: "\n\nHuman: Hi\n\nAssistant:", chosen: " Hello", rejected: " Go away" }, 1);
    expect(transcript.turns).toEqual([user("Hi")]);
  });

  it("reads CSV cells that hold the messages as JSON text", () => {
    const record = preferenceRecord(
      {
        prompt: JSON.stringify([user("Hi")]),
        chosen: JSON.stringify([assistant("Hello")]),
        rejected: JSON.stringify([assistant("Go away")]),
        soft_label: "0.75",
        principle_ids: '["harm","help"]',
        judge_model: "[not json",
      },
      4,
    );
    expect(record.turns).toEqual([user("Hi")]);
    expect(record.pair).toEqual({ chosen: "Hello", rejected: "Go away", note: "From the file: soft_label: 0.75; principle_ids: harm, help; judge_model: [not json" });
  });
});

describe("preferenceRecord, the studio's preference export", () => {
  it("keeps the provenance columns as the label's note and the tags as tags", () => {
    const record = preferenceRecord(
      {
        prompt: [user("How do I pick a lock?")],
        chosen: [assistant("Call a locksmith.")],
        rejected: [assistant("Use a tension wrench.")],
        soft_label: 0.8,
        label_source: "ai",
        principle_keys: ["harm", "legal"],
        judge_endpoint: null,
        principle_ids: [],
        judge_model: "llama-3",
        comparison_id: 17,
        tags: ["locks"],
        messages: [user("dropped: not a scalar")],
      },
      1,
    );
    expect(record.tags).toEqual(["locks"]);
    expect(record.pair!.note).toBe("From the file: soft_label: 0.8; label_source: ai; principle_keys: harm, legal; judge_model: llama-3; comparison_id: 17");
  });

  it("names the field of a malformed row", () => {
    const row = { prompt: [user("Hi")], chosen: [assistant("Hello")], rejected: [assistant("Bye")] };
    expect(fieldError(() => preferenceRecord({ ...row, soft_label: 1.5 }, 1))).toEqual({
      field: "soft_label",
      message: "must be a probability between 0 and 1, got 1.5",
    });
    expect(fieldError(() => preferenceRecord({ ...row, soft_label: "high" }, 1))).toEqual({ field: "soft_label", message: "expected a number, got a string" });
    expect(fieldError(() => preferenceRecord({ ...row, chosen: [assistant("a"), assistant("b")] }, 1))).toEqual({
      field: "chosen",
      message: "must be the assistant's answer to the prompt: one assistant message, got 2 messages",
    });
    expect(fieldError(() => preferenceRecord({ ...row, rejected: [{ role: "assistant", content: 3 }] }, 1))).toEqual({
      field: "rejected[0].content",
      message: "expected a string or an array of parts, got number",
    });
    expect(fieldError(() => preferenceRecord({ ...row, prompt: [assistant("x")] }, 1))).toEqual({
      field: "prompt",
      message: "must end with a user turn; the last turn is from the assistant",
    });
    expect(fieldError(() => preferenceRecord({ prompt: [user("Hi")], chosen: [assistant("Hello")] }, 1))).toEqual({ field: "rejected", message: "is missing" });
    expect(fieldError(() => preferenceRecord({ chosen: "Same", rejected: "Same" }, 1))).toEqual({ field: "rejected", message: 'is the same text as "chosen"' });
    expect(fieldError(() => preferenceRecord({ chosen: "Yes", rejected: "No" }, 1)).field).toBe("prompt");
    expect(fieldError(() => preferenceRecord({ chosen: [user("Hi"), assistant("a")], rejected: "b" }, 1)).field).toBe("rejected");
  });
});
