import { describe, expect, it } from "vitest";
import { fieldError } from "./field-error.testing";
import { promptRecord } from "./prompts";

describe("promptRecord", () => {
  it("reads a prompt field as one user turn, with tags as a list or a string", () => {
    expect(promptRecord({ prompt: "Hi there", tags: ["a", "b"] }, 3)).toEqual({
      line: 3,
      turns: [{ role: "user", content: "Hi there" }],
      tags: ["a", "b"],
    });
    expect(promptRecord({ text: "Hello", tags: "x, y; z" }, 1).tags).toEqual(["x", "y", "z"]);
  });

  it("reads a raw transcript in the prompt field as turns", () => {
    const record = promptRecord({ prompt: "\n\nHuman: Hi\n\nAssistant: Hey\n\nHuman: Help me\n\nAssistant:" }, 1);
    expect(record.turns.map((t) => t.role)).toEqual(["user", "assistant", "user"]);
    expect(record.response).toBeUndefined();
  });

  it("keeps the answer of a conversation that ends with the assistant as its response", () => {
    const record = promptRecord(
      {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Why?" },
          { role: "assistant", content: "Because." },
        ],
      },
      1,
    );
    expect(record.turns).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Why?" },
    ]);
    expect(record.response).toBe("Because.");
  });

  it("reads the studio's SFT export: the turns before the last answer are the prompt, the answer its response", () => {
    const record = promptRecord(
      {
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello" },
          { role: "user", content: "Help me" },
          { role: "assistant", content: "Sure." },
        ],
      },
      5,
    );
    expect(record).toEqual({
      line: 5,
      tags: [],
      turns: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello" },
        { role: "user", content: "Help me" },
      ],
      response: "Sure.",
    });
    // a CSV cell holds the messages as JSON text
    expect(
      promptRecord(
        {
          messages: JSON.stringify([
            { role: "user", content: "Hi" },
            { role: "assistant", content: "Hello" },
          ]),
        },
        2,
      ).response,
    ).toBe("Hello");
  });

  it("names the message of a malformed SFT row", () => {
    expect(
      fieldError(() =>
        promptRecord(
          {
            messages: [
              { role: "user", content: "Hi" },
              { role: "assistant", content: 7 },
            ],
          },
          1,
        ),
      ),
    ).toEqual({
      field: "messages[1].content",
      message: "expected a string or an array of parts, got number",
    });
    expect(fieldError(() => promptRecord({ messages: "[{not json" }, 1))).toEqual({ field: "messages", message: "is a string that is not a JSON array of messages" });
  });

  it("accepts ShareGPT's from/value and OpenAI's content parts", () => {
    const record = promptRecord(
      {
        messages: [
          { from: "human", value: "Hi" },
          { role: "user", content: [{ type: "text", text: "there" }] },
        ],
      },
      1,
    );
    expect(record.turns).toEqual([
      { role: "user", content: "Hi" },
      { role: "user", content: "there" },
    ]);
  });

  it("names the field that is missing, of the wrong type or not understood", () => {
    expect(fieldError(() => promptRecord({ title: "x" }, 1))).toEqual({
      field: "prompt",
      message: 'is missing: a row needs "prompt", "text", "transcript" or "messages"',
    });
    expect(fieldError(() => promptRecord({ prompt: 42 }, 1))).toEqual({ field: "prompt", message: "expected a string, got number" });
    expect(fieldError(() => promptRecord({ messages: [{ role: "robot", content: "x" }] }, 1))).toEqual({
      field: "messages[0].role",
      message: 'unknown role "robot" (expected user, assistant or system)',
    });
    expect(
      fieldError(() =>
        promptRecord(
          {
            messages: [
              { role: "assistant", content: "x" },
              { role: "assistant", content: "y" },
            ],
          },
          1,
        ),
      ),
    ).toEqual({
      field: "messages",
      message: "must end with a user turn; the last turn is from the assistant",
    });
    expect(fieldError(() => promptRecord([1, 2], 1)).message).toBe("expected a JSON object, got an array");
  });
});
