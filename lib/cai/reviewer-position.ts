// Reviewers' own position bias: how often a reviewer picks the response shown first. With sides
// drawn at random per reviewer and pair (review-sides.ts), a reviewer without a position preference
// picks the first one about half the time whatever the pairs are; a share well away from 0.5 is
// theirs, not the data's. Ties say nothing about position and are counted apart. The interval is
// Wilson's 95% score interval, which stays inside [0, 1] and behaves at small n.

export interface PositionAnswer {
  rater: string;
  choice: "A" | "B" | "TIE";
  /** the order the answer was given in: AB = response A shown first */
  shownOrder: "AB" | "BA";
}

export interface ReviewerPositionBias {
  rater: string;
  /** A or B answers given with a recorded order */
  n: number;
  /** of those, the ones that picked the response shown first */
  first: number;
  /** first / n; null with no answers */
  share: number | null;
  /** Wilson 95% interval of the share */
  low: number | null;
  high: number | null;
  ties: number;
}

const Z95 = 1.959963984540054;

/** Wilson's score interval for k successes in n trials. */
export function wilsonInterval(k: number, n: number, z = Z95): { low: number; high: number } | null {
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** One row per reviewer (most answers first), then "all reviewers" pooled. */
export function reviewerPositionBias(answers: PositionAnswer[]): ReviewerPositionBias[] {
  const byRater = new Map<string, PositionAnswer[]>();
  for (const answer of answers) byRater.set(answer.rater, [...(byRater.get(answer.rater) ?? []), answer]);
  const rows = [...byRater].map(([rater, own]) => summarise(rater, own)).sort((a, b) => b.n - a.n || a.rater.localeCompare(b.rater));
  return rows.length > 1 ? [...rows, summarise("all reviewers", answers)] : rows;
}

function summarise(rater: string, answers: PositionAnswer[]): ReviewerPositionBias {
  const decided = answers.filter((a) => a.choice !== "TIE");
  const first = decided.filter((a) => (a.shownOrder === "AB" ? a.choice === "A" : a.choice === "B")).length;
  const interval = wilsonInterval(first, decided.length);
  return {
    rater,
    n: decided.length,
    first,
    share: decided.length > 0 ? first / decided.length : null,
    low: interval?.low ?? null,
    high: interval?.high ?? null,
    ties: answers.length - decided.length,
  };
}
