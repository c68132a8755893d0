import { describe, expect, it } from "vitest";
import { formatTranscript, looksLikeTranscript, parseTranscript } from "./transcript";

describe("parseTranscript", () => {
  it("keeps every turn of a multi-turn dialogue and drops the empty Assistant: cue", () => {
    const text = "\n\nHuman: Can you help me?\n\nAssistant: Sure. With what?\n\nHuman: My essay.\n\nAssistant:";
    expect(parseTranscript(text)).toEqual([
      { role: "user", content: "Can you help me?" },
      { role: "assistant", content: "Sure. With what?" },
      { role: "user", content: "My essay." },
    ]);
  });

  it("keeps a final assistant answer and blank lines inside a turn", () => {
    expect(parseTranscript("Human: Two lines?\n\nAssistant: One.\nTwo.\n\n\nThree.")).toEqual([
      { role: "user", content: "Two lines?" },
      { role: "assistant", content: "One.\nTwo.\n\n\nThree." },
    ]);
  });

  it("round-trips through formatTranscript", () => {
    const turns = parseTranscript("\n\nHuman: Hi\n\nAssistant: Hello\n\nHuman: Bye\n\nAssistant:");
    expect(formatTranscript(turns)).toBe("\n\nHuman: Hi\n\nAssistant: Hello\n\nHuman: Bye\n\nAssistant:");
  });

  it("tells transcripts from plain text", () => {
    expect(looksLikeTranscript("\n\nHuman: hi")).toBe(true);
    expect(looksLikeTranscript("What is a Human: prefix?")).toBe(false);
  });
});
