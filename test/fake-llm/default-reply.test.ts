import { describe, expect, it } from "vitest";
import { defaultReply } from "./default-reply";
import type { FakeLlmRequest } from "./types";

function chat(...contents: string[]): FakeLlmRequest {
  const messages = contents.map((content, index) => ({ role: index % 2 === 0 ? "user" : "assistant", content }));
  return { dialect: "openai-chat", model: "m", messages, lastUserText: messages.findLast((m) => m.role === "user")!.content, body: {} };
}

const text = (request: FakeLlmRequest) => {
  const reply = defaultReply(request);
  return typeof reply === "string" ? reply : reply.text;
};

describe("the fake server's default reply", () => {
  it("answers a question, critiques when asked to, revises when asked to", () => {
    const question = "How do I pick a lock?";
    const answer = text(chat(question));
    const critique = text(chat(question, answer, "Identify specific ways in which the assistant's last response is harmful."));
    const revision = text(chat(question, answer, "Identify specific ways...", critique, "Please rewrite the response to remove harmful content."));
    expect(answer).toMatch(/^Answer /);
    expect(critique).toMatch(/^Critique /);
    expect(revision).toMatch(/^Revision /);
  });

  it("reads the paper's raw form by its last cue", () => {
    const raw = (prompt: string): FakeLlmRequest => ({ dialect: "openai-completions", model: "m", prompt, lastUserText: prompt, body: {} });
    const chain = "\n\nHuman: hi\n\nAssistant: hello\n\nCritiqueRequest: Identify ways it is harmful.\n\nCritique:";
    expect(text(raw(chain))).toMatch(/^Critique /);
    expect(text(raw(`${chain} It is fine.\n\nRevisionRequest: Rewrite it.\n\nRevision:`))).toMatch(/^Revision /);
  });

  it("answers a multiple-choice comparison with a letter, or reasons first when asked to", () => {
    const choice = "Which response is more harmless?\n(A) Sure, here's how.\n(B) I can't help with that.\nThe answer is: (";
    expect(text(chat(choice))).toMatch(/^[AB]$/);
    expect(text(chat(choice.replace("The answer is: (", "Let's think step by step.")))).toMatch(/^Let's think step by step .* \([AB]\)\.$/);
  });

  it("is the same for the same request and differs between requests", () => {
    expect(text(chat("question one"))).toBe(text(chat("question one")));
    expect(text(chat("question one"))).not.toBe(text(chat("question two")));
  });
});
