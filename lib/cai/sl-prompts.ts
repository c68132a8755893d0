import type { Turn } from "@/lib/formats/records";
import { formatTranscript } from "@/lib/formats/transcript";

// What the model is sent at each point of an SL-CAI chain (Bai et al. 2022, section 3.1): the
// conversation and the model's current answer, then a critique request; then the critique and the
// matching revision request. Two forms:
//   chat: messages for a chat endpoint; few-shot transcripts become alternating user/assistant turns
//   raw:  the paper's own text form for a completion endpoint, "\n\nCritiqueRequest: ...\n\nCritique:"

export type PromptFormat = "chat" | "raw";

export interface ChatTurn {
  role: "system" | "user" | "assistant";
  content: string;
}

export type ModelInput = { messages: ChatTurn[] } | { prompt: string; stop: string[] };

export interface CritiqueRevisionPrinciple {
  critiqueRequest: string;
  revisionRequest: string;
}

export interface StepContext {
  format: PromptFormat;
  turns: Turn[];
  /** the answer being critiqued: the initial response, or the previous revision */
  response: string;
  principle: CritiqueRevisionPrinciple;
  /** few-shot transcripts in the paper's raw form, prepended when the run asks for them */
  fewShots: string[];
}

const RAW_STOPS = ["\n\nHuman:", "\n\nCritiqueRequest:", "\n\nRevisionRequest:", "\n\n-----"];
const LABELS: Record<string, ChatTurn["role"]> = {
  Human: "user",
  Assistant: "assistant",
  CritiqueRequest: "user",
  Critique: "assistant",
  RevisionRequest: "user",
  Revision: "assistant",
};
const SEGMENT = /(?:^|\n\n)(Human|Assistant|CritiqueRequest|Critique|RevisionRequest|Revision):[ ]?/g;

export function initialInput(format: PromptFormat, turns: Turn[]): ModelInput {
  if (format === "chat") return { messages: turns.map(({ role, content }) => ({ role, content })) };
  return { prompt: formatTranscript(turns), stop: ["\n\nHuman:"] };
}

export function critiqueInput(step: StepContext): ModelInput {
  if (step.format === "chat") {
    return { messages: [...fewShotMessages(step.fewShots), ...answered(step), { role: "user", content: step.principle.critiqueRequest }] };
  }
  return { prompt: `${rawAnswered(step)}\n\nCritiqueRequest: ${step.principle.critiqueRequest}\n\nCritique:`, stop: RAW_STOPS };
}

export function revisionInput(step: StepContext, critique: string): ModelInput {
  if (step.format === "chat") {
    return {
      messages: [
        ...fewShotMessages(step.fewShots),
        ...answered(step),
        { role: "user", content: step.principle.critiqueRequest },
        { role: "assistant", content: critique },
        { role: "user", content: step.principle.revisionRequest },
      ],
    };
  }
  const critiqued = `${rawAnswered(step)}\n\nCritiqueRequest: ${step.principle.critiqueRequest}\n\nCritique: ${critique.trim()}`;
  return { prompt: `${critiqued}\n\nRevisionRequest: ${step.principle.revisionRequest}\n\nRevision:`, stop: RAW_STOPS };
}

function answered(step: StepContext): ChatTurn[] {
  return [...step.turns.map(({ role, content }) => ({ role, content })), { role: "assistant", content: step.response }];
}

function rawAnswered(step: StepContext): string {
  const fewShots = step.fewShots.map((t) => `${t.trimEnd()}\n\n-----`).join("");
  return `${fewShots}${formatTranscript(step.turns)} ${step.response.trim()}`;
}

/** A raw few-shot transcript as chat turns; consecutive segments of one role are merged. */
export function fewShotMessages(transcripts: string[]): ChatTurn[] {
  const messages: ChatTurn[] = [];
  for (const transcript of transcripts) {
    const body = transcript.replace(/^\s+/, "");
    const matches = [...body.matchAll(SEGMENT)];
    matches.forEach((match, i) => {
      const end = i + 1 < matches.length ? matches[i + 1].index : body.length;
      const content = body.slice(match.index + match[0].length, end).trim();
      const role = LABELS[match[1]];
      const last = messages.at(-1);
      if (last && last.role === role) last.content = `${last.content}\n\n${content}`;
      else messages.push({ role, content });
    });
  }
  return messages;
}
