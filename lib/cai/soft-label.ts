// The numbers of RL-CAI's AI feedback (Bai et al. 2022, section 4): a feedback model answers a
// multiple-choice question, and its preference is read as a probability from the log-probs it gives
// the answer letters, not from the letter it happens to write.
//
//   P(A) = exp(lpA) / (exp(lpA) + exp(lpB))          lpA = -0.3, lpB = -1.6  ->  0.786
//
// Every probability here is "the comparison's response A is better", whichever order the two were
// shown in, so labels from both orders and many principles average directly.

export interface TokenChoice {
  token: string;
  logprob: number;
}

export interface AnswerLogprobs {
  lpA: number;
  lpB: number;
  /** true when a letter was missing from the alternatives and its log-prob is an upper bound */
  bounded: boolean;
}

/**
 * "A", " A", "(A", " (A", "A)", "(a)" ... -> "A"; anything else -> undefined. A bare lower-case "a"
 * is the English article, not an answer: lower case counts only inside brackets.
 */
export function answerLetter(token: string): "A" | "B" | undefined {
  const trimmed = token.trim();
  const core = trimmed
    .replace(/^[([{]+/, "")
    .replace(/[)\]}.:,]+$/, "")
    .trim();
  const bracketed = core.length < trimmed.replace(/[.:,]+$/, "").length;
  const letter = bracketed ? core.toUpperCase() : core;
  return letter === "A" || letter === "B" ? letter : undefined;
}

/**
 * The log-probs of the answers A and B at one position, from its top alternatives. Tokenisers
 * spell one answer several ways (" A", "A", "(A"): their probabilities add up. A letter missing
 * from the alternatives is given the smallest listed log-prob, an upper bound on its true value,
 * and the result says so. Undefined when neither letter is there: this is not the answer position.
 */
export function answerLogprobs(alternatives: TokenChoice[]): AnswerLogprobs | undefined {
  const byLetter: Record<"A" | "B", number[]> = { A: [], B: [] };
  for (const { token, logprob } of alternatives) {
    const letter = answerLetter(token);
    if (letter) byLetter[letter].push(logprob);
  }
  if (byLetter.A.length === 0 && byLetter.B.length === 0) return undefined;
  const floor = Math.min(...alternatives.map((a) => a.logprob));
  return {
    lpA: byLetter.A.length > 0 ? logSumExp(byLetter.A) : floor,
    lpB: byLetter.B.length > 0 ? logSumExp(byLetter.B) : floor,
    bounded: byLetter.A.length === 0 || byLetter.B.length === 0,
  };
}

/** The first position of a generation whose alternatives include an answer letter. */
export function findAnswer(positions: { token: string; logprob: number; top: TokenChoice[] }[]): AnswerLogprobs | undefined {
  for (const position of positions) {
    const found = answerLogprobs(position.top.length > 0 ? position.top : [position]);
    if (found) return found;
  }
  return undefined;
}

/** P(first letter) from the two log-probs, computed without overflow. */
export function probabilityOfA(lpA: number, lpB: number): number {
  return 1 / (1 + Math.exp(lpB - lpA));
}

/** A probability for the comparison's response A, from one shown in the order given. */
export function forResponseA(pFirstOption: number, order: "AB" | "BA"): number {
  return order === "AB" ? pFirstOption : 1 - pFirstOption;
}

/** The paper clamps chain-of-thought labels, which are over-confident, to [0.4, 0.6]. */
export function clampProbability(p: number, low = 0.4, high = 0.6): number {
  return Math.min(high, Math.max(low, p));
}

/** The two orders disagree on which response is better (a tie at 0.5 is no verdict). */
export function isFlip(pA_AB: number, pA_BA: number): boolean {
  return (pA_AB - 0.5) * (pA_BA - 0.5) < 0;
}

export function mean(values: number[]): number {
  if (values.length === 0) throw new Error("no values to average");
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export interface OrderedLabel {
  principleId: number;
  order: "AB" | "BA";
  /** P(response A better), raw */
  pA: number;
  /** after clamping (chain-of-thought), else equal to pA */
  pAUsed: number;
}

export interface Verdict {
  /** mean over principles of the order-averaged P(A), raw */
  pA: number;
  /** the same from the clamped values (what training uses for chain-of-thought labels) */
  pAUsed: number;
  /** principles whose two orders disagree */
  flips: number;
  /** max - min of the principles' order-averaged P(A): how much the ensemble disagrees */
  spread: number;
  principles: number;
}

/** The comparison's verdict from all its labels: averaged over orders, then over principles. */
export function verdict(labels: OrderedLabel[]): Verdict {
  const byPrinciple = new Map<number, OrderedLabel[]>();
  for (const label of labels) byPrinciple.set(label.principleId, [...(byPrinciple.get(label.principleId) ?? []), label]);
  const perPrinciple = [...byPrinciple.values()].map((own) => {
    const ab = own.find((l) => l.order === "AB");
    const ba = own.find((l) => l.order === "BA");
    return { pA: mean(own.map((l) => l.pA)), pAUsed: mean(own.map((l) => l.pAUsed)), flip: !!ab && !!ba && isFlip(ab.pA, ba.pA) };
  });
  const raw = perPrinciple.map((p) => p.pA);
  return {
    pA: mean(raw),
    pAUsed: mean(perPrinciple.map((p) => p.pAUsed)),
    flips: perPrinciple.filter((p) => p.flip).length,
    spread: Math.max(...raw) - Math.min(...raw),
    principles: perPrinciple.length,
  };
}

/** Fallback without log-probs: the share of k sampled answers that chose A (k recorded with it). */
export function frequencyOfA(answers: ("A" | "B" | undefined)[]): { pA: number; valid: number } | undefined {
  const valid = answers.filter((a): a is "A" | "B" => a !== undefined);
  if (valid.length === 0) return undefined;
  return { pA: valid.filter((a) => a === "A").length / valid.length, valid: valid.length };
}

function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  return max + Math.log(values.reduce((sum, v) => sum + Math.exp(v - max), 0));
}
