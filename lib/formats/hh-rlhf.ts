import { objectAt, nonBlankStringAt } from "./fields";
import { FieldError } from "./problems";
import type { ImportRecord, Turn } from "./records";
import { checkConversation } from "./prompts";
import { parseTranscript } from "./transcript";

// Anthropic's hh-rlhf pairs: {"chosen": transcript, "rejected": transcript}. The two transcripts
// share every turn but the last assistant answer; the crowdworker preferred "chosen".

export function hhRlhfRecord(row: unknown, line: number): ImportRecord {
  const fields = objectAt(row);
  const chosen = answeredConversation(fields.chosen, "chosen");
  const rejected = answeredConversation(fields.rejected, "rejected");
  const differs = firstDifferentTurn(chosen.turns, rejected.turns);
  if (differs !== -1) {
    throw new FieldError("rejected", `does not share the conversation before the last answer with "chosen" (turn ${differs + 1} differs)`);
  }
  checkConversation(chosen.turns, "chosen");
  return { line, turns: chosen.turns, tags: [], pair: { chosen: chosen.answer, rejected: rejected.answer } };
}

function answeredConversation(value: unknown, field: string): { turns: Turn[]; answer: string } {
  const turns = parseTranscript(nonBlankStringAt(value, field));
  const last = turns.pop();
  if (!last || last.role !== "assistant") {
    throw new FieldError(field, 'must be a "Human: ... Assistant: ..." transcript that ends with the assistant\'s answer');
  }
  return { turns, answer: last.content };
}

function firstDifferentTurn(a: Turn[], b: Turn[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]?.role !== b[i]?.role || a[i]?.content !== b[i]?.content) return i;
  }
  return -1;
}
