// The charts the studio draws, for the index page and each chart's header: where it lives and how
// to read it in a sentence.

export interface ChartEntry {
  slug: string;
  title: string;
  summary: string;
}

export const CHARTS: ChartEntry[] = [
  {
    slug: "pm-by-revision",
    title: "PM score by revision number",
    summary:
      "Mean preference-model score of chains' responses against the number of critique-revision steps (0 = the initial answer), with 95% intervals: do revisions make answers more harmless? Split by principle, run or endpoint.",
  },
  {
    slug: "soft-labels",
    title: "Soft-label histogram",
    summary: "How a labeling run's P(A) verdicts spread over [0, 1], raw against clamped (chain of thought is clamped to 40-60%), and the share of confident labels.",
  },
  {
    slug: "calibration",
    title: "Calibration",
    summary: "A reliability diagram: the AI's P(A) in bins against how often people chose A on the same pairs, with the expected calibration error and the Brier score.",
  },
  {
    slug: "position-bias",
    title: "Position bias",
    summary: "P(A) with A shown first against A shown second, and how often a principle's verdict flips when the order swaps, per principle and per endpoint.",
  },
  {
    slug: "principles",
    title: "Principle analytics",
    summary:
      "Per critique principle, the mean PM-score change its revisions caused (with a 95% interval); per preference principle, how often its verdict flips when the answers' order swaps.",
  },
  {
    slug: "goodhart",
    title: "Goodhart and evasiveness signals",
    summary:
      'Phrases whose share grows as revisions go on (boilerplate such as "you are valid, valued, and cared for"), and the share of evasive answers (refusals without a reason) per revision number, on a fixed sample of each revision\'s answers.',
  },
  {
    slug: "harmless-vs-helpful",
    title: "Harmless vs helpful",
    summary: "Two kinds of score of the same responses against each other, such as harmlessness and helpfulness, with Pearson's r; Bradley-Terry strengths on the Elo scale.",
  },
];

export function chartEntry(slug: string): ChartEntry {
  return CHARTS.find((c) => c.slug === slug)!;
}
