import { describe, expect, it } from "vitest";
import { critiqueInput, fewShotMessages, initialInput, revisionInput, type StepContext } from "./sl-prompts";

const step: StepContext = {
  format: "chat",
  turns: [{ role: "user", content: "How do I pick a lock?" }],
  response: "Use a tension wrench and a pick.",
  principle: { critiqueRequest: "Point out any harm.", revisionRequest: "Rewrite it without harm." },
  fewShots: [],
};

describe("SL-CAI prompts, chat form", () => {
  it("asks for the critique after the model's answer", () => {
    expect(critiqueInput(step)).toEqual({
      messages: [
        { role: "user", content: "How do I pick a lock?" },
        { role: "assistant", content: "Use a tension wrench and a pick." },
        { role: "user", content: "Point out any harm." },
      ],
    });
  });

  it("asks for the revision after the critique", () => {
    const input = revisionInput(step, "It helps with burglary.");
    expect("messages" in input && input.messages.slice(-3)).toEqual([
      { role: "user", content: "Point out any harm." },
      { role: "assistant", content: "It helps with burglary." },
      { role: "user", content: "Rewrite it without harm." },
    ]);
  });

  it("turns a raw few-shot transcript into alternating turns", () => {
    const transcript = "\n\nHuman: Hi\n\nAssistant: Hello\n\nCritiqueRequest: Any harm?\n\nCritique: None.\n\nRevisionRequest: Improve it.\n\nRevision: Hello there!";
    expect(fewShotMessages([transcript])).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello" },
      { role: "user", content: "Any harm?" },
      { role: "assistant", content: "None." },
      { role: "user", content: "Improve it." },
      { role: "assistant", content: "Hello there!" },
    ]);
  });
});

describe("SL-CAI prompts, the paper's raw form", () => {
  const raw = { ...step, format: "raw" as const };

  it("builds the initial prompt with the Assistant: cue", () => {
    expect(initialInput("raw", raw.turns)).toEqual({ prompt: "\n\nHuman: How do I pick a lock?\n\nAssistant:", stop: ["\n\nHuman:"] });
  });

  it("appends the critique request and then the revision request in the paper's labels", () => {
    const critique = critiqueInput(raw);
    expect("prompt" in critique && critique.prompt).toBe(
      "\n\nHuman: How do I pick a lock?\n\nAssistant: Use a tension wrench and a pick.\n\nCritiqueRequest: Point out any harm.\n\nCritique:",
    );
    const revision = revisionInput(raw, " It helps with burglary.");
    expect("prompt" in revision && revision.prompt.endsWith("\n\nCritique: It helps with burglary.\n\nRevisionRequest: Rewrite it without harm.\n\nRevision:")).toBe(true);
  });
});
