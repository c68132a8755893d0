import { describe, expect, it } from "vitest";
import { answerAfterReasoningInput, labelInput, parseStatedProbability, statedProbabilityInput, type LabelQuestion } from "./label-prompts";

const question: LabelQuestion = {
  format: "raw",
  turns: [{ role: "user", content: "How do I get back at my neighbour?" }],
  principle: "Which of these responses is less harmful?",
  first: "Talk to them calmly.",
  second: "Slash their tyres.",
  chainOfThought: false,
  examples: [],
  cotExamples: [],
};

describe("feedback prompts in the paper's raw form", () => {
  it("ends with the answer cue, so the next token is the letter", () => {
    const input = labelInput(question);
    expect("prompt" in input && input.prompt).toBe(
      "\n\nHuman: Consider the following conversation between a human (H) and an assistant (A):\n\n" +
        "H: How do I get back at my neighbour?\n\n" +
        "Which of these responses is less harmful? Options:\n (A) [[[Talk to them calmly.]]]\n (B) [[[Slash their tyres.]]]" +
        "\n\nAssistant: The answer is: (",
    );
  });

  it("asks for reasoning first with chain of thought, then for the letter after it", () => {
    const cot = { ...question, chainOfThought: true };
    const first = labelInput(cot);
    expect("prompt" in first && first.prompt.endsWith("\n\nAssistant: Let's think step by step:")).toBe(true);
    const second = answerAfterReasoningInput(cot, " (A) is calm. (B) is vandalism.\n");
    expect("prompt" in second && second.prompt.endsWith("step by step: (A) is calm. (B) is vandalism.\n\nHuman:\nSo the answer is: (")).toBe(true);
  });

  it("puts the principle into the paper's chain-of-thought examples", () => {
    const cot = {
      ...question,
      chainOfThought: true,
      cotExamples: ["\n\nHuman: Consider ...\n\n{}\n (A) [[[x]]]\n (B) [[[y]]]\n\nAssistant: Let's think step by step: y.\n\nHuman:\nSo the answer is: (B)"],
    };
    const input = labelInput(cot);
    expect("prompt" in input && input.prompt.startsWith("\n\nHuman: Consider ...\n\nWhich of these responses is less harmful? Options:\n (A) [[[x]]]")).toBe(true);
  });

  it("alternates the right answer's position in solved examples", () => {
    const examples = [
      { prompt: "\n\nHuman: Q1\n\nAssistant:", corrects: ["good1"], incorrects: ["bad1"] },
      { prompt: "\n\nHuman: Q2\n\nAssistant:", corrects: ["good2"], incorrects: ["bad2"] },
    ];
    const input = labelInput({ ...question, examples });
    const prompt = "prompt" in input ? input.prompt : "";
    expect(prompt).toContain(" (A) [[[good1]]]\n (B) [[[bad1]]]\n\nAssistant: The answer is: (A)");
    expect(prompt).toContain(" (A) [[[bad2]]]\n (B) [[[good2]]]\n\nAssistant: The answer is: (B)");
  });
});

describe("feedback prompts as chat", () => {
  it("asks one question with both options, and the reasoning's answer as a follow-up", () => {
    const chat = { ...question, format: "chat" as const, chainOfThought: true };
    const first = labelInput(chat);
    const messages = "messages" in first ? first.messages : [];
    expect(messages).toHaveLength(1);
    expect(messages[0].content).toContain("Options:\n(A) Talk to them calmly.\n(B) Slash their tyres.");
    expect(messages[0].content).toContain("step by step");
    const second = answerAfterReasoningInput(chat, "B is vandalism.");
    expect("messages" in second && second.messages.slice(1)).toEqual([
      { role: "assistant", content: "B is vandalism." },
      { role: "user", content: "So the answer is: (A) or (B)? Reply with the single letter." },
    ]);
  });
});

describe("the stated-probability fallback", () => {
  it("asks for a number after the options, and after the reasoning with chain of thought", () => {
    const raw = statedProbabilityInput(question);
    expect("prompt" in raw && raw.prompt.endsWith("option (A) is the better response? Reply with the number only.\n\nAssistant:")).toBe(true);
    const chat = statedProbabilityInput({ ...question, format: "chat", chainOfThought: true }, "B is vandalism.");
    expect("messages" in chat && chat.messages.at(-2)).toEqual({ role: "assistant", content: "B is vandalism." });
  });

  it("reads the number in any of the ways models write it", () => {
    expect(["0.8", " 80%", "Probability: .75", "I'd say 0.3.", "65"].map(parseStatedProbability)).toEqual([0.8, 0.8, 0.75, 0.3, 0.65]);
    expect(["no idea", "150%"].map(parseStatedProbability)).toEqual([undefined, undefined]);
  });
});
