import "server-only";
import { answerLetter, type TokenChoice } from "@/lib/cai/soft-label";
import { prisma } from "../db";
import type { LlmCallView } from "../runs/queries";

// The model calls behind a comparison's labels (the answer call and, with chain of thought, the call
// that wrote the reasoning), fetched when the viewer opens them: the request holds the whole
// feedback prompt, too much to send with every page. Only calls that one of this comparison's
// labels points at are answered, so the route cannot be used to read other runs' calls. A sampled
// label (the fallback without log-probs) points at the last of its k answer calls; all k come back,
// so the page can show every answer the frequency was counted from.

export interface LabelCallView extends LlmCallView {
  runId: number | null;
  /** the first generated position where A or B is among the top alternatives: what the label read */
  answerPosition: { index: number; token: string; top: (TokenChoice & { letter: "A" | "B" | null })[] } | null;
}

export async function findLabelCalls(comparisonId: number, ids: number[]): Promise<LabelCallView[]> {
  const labels = await prisma.aiLabel.findMany({
    where: { comparisonId, OR: [{ llmCallId: { in: ids } }, { reasoningCallId: { in: ids } }] },
    select: { llmCallId: true, reasoningCallId: true },
  });
  const allowed = new Set(labels.flatMap((l) => [l.llmCallId, l.reasoningCallId]).filter((id): id is number => id !== null && ids.includes(id)));
  if (allowed.size === 0) return [];
  const select = {
    id: true,
    runId: true,
    runItemId: true,
    callKey: true,
    model: true,
    request: true,
    reply: true,
    finishReason: true,
    promptTokens: true,
    completionTokens: true,
    latencyMs: true,
    createdAt: true,
    logprobs: true,
  } as const;
  const direct = await prisma.llmCall.findMany({ where: { id: { in: [...allowed] } }, orderBy: { id: "asc" }, select });
  const sampled = direct.filter((call) => SAMPLE_KEY.test(call.callKey) && call.runItemId !== null);
  const siblings =
    sampled.length === 0
      ? []
      : await prisma.llmCall.findMany({
          where: { OR: sampled.map((call) => ({ runItemId: call.runItemId, callKey: { startsWith: call.callKey.replace(SAMPLE_KEY, ".s") } })) },
          orderBy: { id: "asc" },
          select,
        });
  const calls = [...new Map([...direct, ...siblings].map((call) => [call.id, call])).values()].sort((a, b) => a.id - b.id);
  return calls.map(({ logprobs, createdAt, runItemId: _item, ...call }) => ({ ...call, createdAt: createdAt.toISOString(), answerPosition: answerPosition(logprobs) }));
}

/** "p12.AB.answer.s3": the fourth of a sampled label's k answers */
const SAMPLE_KEY = /\.s\d+$/;

interface StoredPosition {
  token: string;
  logprob: number;
  top?: TokenChoice[];
}

function answerPosition(logprobs: unknown): LabelCallView["answerPosition"] {
  if (!Array.isArray(logprobs)) return null;
  for (const [index, position] of (logprobs as StoredPosition[]).entries()) {
    const top = position.top && position.top.length > 0 ? position.top : [{ token: position.token, logprob: position.logprob }];
    if (top.some((choice) => answerLetter(choice.token))) {
      return { index, token: position.token, top: top.map((choice) => ({ token: choice.token, logprob: choice.logprob, letter: answerLetter(choice.token) ?? null })) };
    }
  }
  return null;
}
