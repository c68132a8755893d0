// Per critique principle inside one arm: what its revisions did. For each principle, over the
// revisions it drew (one chain step each):
//   - the mean score change, score(revision) - score(the answer it revised), with the 95%
//     t-interval of lib/cai/charts/mean-interval.ts (reused);
//   - how often the revision won against the answer before it, from the judge's P(revision better)
//     read as win / tie / loss as in win-rate.ts, ties counted as half, with the Wilson interval
//     (wilson.ts).
// These intervals are analytic rather than bootstrapped: an arm has a few revisions per prompt over
// a dozen principles, and a bootstrap per principle would cost more than the rest of the report.
// They treat the revisions of a principle as independent, though two of one chain share a prompt.
//
// Flags, per measure, then combined:
//   score, "worse":     the interval lies entirely below 0
//   score, "no-change": the interval contains 0 and |mean| <= negligibleEffect x sd (default 0.1:
//                       a standardised mean change under a tenth of a standard deviation, half
//                       Cohen's "small" 0.2), so the data show a change near nothing, not just an
//                       uncertain one; a principle whose revisions all score as before is flagged
//   win, "worse":       the Wilson interval lies entirely below 1/2
//   win, "no-change":   the interval contains 1/2 and |share - 1/2| <= negligibleShare (default 0.05)
//   combined: "worse" when either measure says so, else "no-change" when every measure present
//   says so, else none. Fewer than two revisions with scores give no score flag.

import { meanInterval, type MeanInterval } from "../charts/mean-interval";
import { DEFAULT_TIE_MARGIN, outcomeOf } from "./win-rate";
import type { Interval } from "./resample";
import { wilsonInterval } from "./wilson";

export interface RevisionOutcome {
  /** the principle's key (or id) */
  principle: string;
  /** score(revision) - score(previous answer), same score name and source; null: not scored */
  scoreChange?: number | null;
  /** the judge's P(revision better than the answer before it), in [0, 1]; null: not judged */
  pRevisionBetter?: number | null;
}

export type PrincipleFlag = "no-change" | "worse";

export interface RevisionWins {
  n: number;
  wins: number;
  ties: number;
  losses: number;
  /** (wins + ties / 2) / n */
  share: number;
  interval: Interval;
}

export interface PrincipleEffect {
  principle: string;
  revisions: number;
  /** over the revisions with a score change */
  scoreChange: MeanInterval;
  /** null when none of its revisions was judged against the answer before it */
  revisionWins: RevisionWins | null;
  scoreFlag: PrincipleFlag | null;
  winFlag: PrincipleFlag | null;
  flag: PrincipleFlag | null;
}

export interface PrincipleOptions {
  negligibleEffect?: number;
  negligibleShare?: number;
  tieMargin?: number;
}

/** One row per principle, in the order the principles first appear. */
export function principleEffects(revisions: readonly RevisionOutcome[], options: PrincipleOptions = {}): PrincipleEffect[] {
  const { negligibleEffect = 0.1, negligibleShare = 0.05, tieMargin = DEFAULT_TIE_MARGIN } = options;
  const groups = new Map<string, { revisions: number; changes: number[]; wins: number; ties: number; losses: number }>();
  for (const { principle, scoreChange, pRevisionBetter } of revisions) {
    let group = groups.get(principle);
    if (!group) groups.set(principle, (group = { revisions: 0, changes: [], wins: 0, ties: 0, losses: 0 }));
    group.revisions++;
    if (scoreChange !== null && scoreChange !== undefined) group.changes.push(scoreChange);
    if (pRevisionBetter !== null && pRevisionBetter !== undefined) {
      const outcome = outcomeOf(pRevisionBetter, tieMargin);
      group[outcome === "win" ? "wins" : outcome === "tie" ? "ties" : "losses"]++;
    }
  }
  return [...groups].map(([principle, group]) => {
    const scoreChange = meanInterval(group.changes);
    const judged = group.wins + group.ties + group.losses;
    const revisionWins: RevisionWins | null =
      judged === 0
        ? null
        : {
            n: judged,
            wins: group.wins,
            ties: group.ties,
            losses: group.losses,
            share: (group.wins + group.ties / 2) / judged,
            interval: wilsonInterval(group.wins + group.ties / 2, judged)!,
          };
    const scoreFlag = flagScore(scoreChange, negligibleEffect);
    const winFlag = revisionWins ? flagWins(revisionWins, negligibleShare) : null;
    const present = [scoreChange.low !== null ? scoreFlag : undefined, revisionWins ? winFlag : undefined].filter((f) => f !== undefined);
    const flag: PrincipleFlag | null = present.includes("worse") ? "worse" : present.length > 0 && present.every((f) => f === "no-change") ? "no-change" : null;
    return { principle, revisions: group.revisions, scoreChange, revisionWins, scoreFlag, winFlag, flag };
  });
}

function flagScore({ mean, sd, low, high }: MeanInterval, negligibleEffect: number): PrincipleFlag | null {
  if (mean === null || sd === null || low === null || high === null) return null;
  if (high < 0) return "worse";
  return low <= 0 && high >= 0 && Math.abs(mean) <= negligibleEffect * sd ? "no-change" : null;
}

function flagWins({ share, interval }: RevisionWins, negligibleShare: number): PrincipleFlag | null {
  if (interval.high < 0.5) return "worse";
  return interval.low <= 0.5 && interval.high >= 0.5 && Math.abs(share - 0.5) <= negligibleShare ? "no-change" : null;
}
