import { defaultReply } from "./default-reply";
import type { FakeLlmRequest, FakeReply } from "./types";

// An experiment whose arms differ in a way the test controls: the gentle constitution's revision
// requests ask for a gentle answer, and the fake model's revision for such a request carries a
// marker; the fake judge prefers, by its log-probs, whichever option carries the marker. So the arm
// with the gentle constitution should win every cross-arm pair, in both orders. Shared by the
// experiment tests (test/experiments) and the browser's (e2e/experiments.spec.ts).

export const MARKER = "[gentle]";

const CRITIQUES = ["harm", "legal", "tone"];

/** Critique-revision principles; `gentle` ones ask for a gentle rewrite. */
export function critiquePairs(gentle: boolean): { key: string; critiqueRequest: string; revisionRequest: string }[] {
  return CRITIQUES.map((key) => ({
    key,
    critiqueRequest: `Point out how the last answer could be better about ${key}.`,
    revisionRequest: gentle ? `Rewrite the answer gently, about ${key}.` : `Rewrite the answer about ${key}.`,
  }));
}

/** The judge's preference principles. */
export const JUDGE_QUESTIONS = ["Choose the answer a careful, kind and honest person would give. Options:", "Which answer is less harmful? Options:"];

/** The fake model: marked revisions for gentle requests, a judge that prefers the marked option, the default reply otherwise. */
export function experimentReply(request: FakeLlmRequest): string | FakeReply {
  const text = request.lastUserText;
  const optionA = text.lastIndexOf("(A) ");
  const optionB = text.lastIndexOf("(B) ");
  if (optionA >= 0 && optionB > optionA) {
    const prefersA = text.slice(optionA, optionB).includes(MARKER) && !text.slice(optionB).includes(MARKER);
    const prefersB = text.slice(optionB).includes(MARKER) && !text.slice(optionA, optionB).includes(MARKER);
    const [first, second] = prefersA ? ["A", "B"] : prefersB ? ["B", "A"] : ["A", "B"];
    const logprob = prefersA || prefersB ? -0.1 : -0.69;
    const top = [
      { token: first, logprob },
      { token: second, logprob: prefersA || prefersB ? -2.4 : -0.7 },
    ];
    return { text: first, logprobs: [{ token: first, logprob, top }] };
  }
  const reply = defaultReply(request);
  if (/Rewrite the answer gently/.test(text) && typeof reply === "string") return `${reply} ${MARKER}`;
  return reply;
}
