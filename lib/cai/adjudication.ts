// When a reviewed pair needs an adjudicator: its reviewers' current answers disagree (more than one
// of A, B and tie among them), or the queue set a threshold and people's share for A (A = 1, B = 0,
// tie = 0.5, averaged) is further than that from the AI's P(A) as used.

export type AdjudicationReason = "reviewers disagree" | "people and AI differ";

/** Why a pair needs an adjudicator: none when it does not. */
export function adjudicationReasons(row: { a: number; b: number; tie: number; pAUsed: number | null }, threshold: number | null): AdjudicationReason[] {
  const reasons: AdjudicationReason[] = [];
  const kinds = [row.a, row.b, row.tie].filter((n) => n > 0).length;
  if (kinds > 1) reasons.push("reviewers disagree");
  const answered = row.a + row.b + row.tie;
  if (threshold !== null && row.pAUsed !== null && answered > 0 && Math.abs((row.a + 0.5 * row.tie) / answered - row.pAUsed) > threshold) {
    reasons.push("people and AI differ");
  }
  return reasons;
}
