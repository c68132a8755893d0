// More than two arms: a ranking and tests that account for the number of comparisons. The arms are
// ranked by a Bradley-Terry model (lib/cai/charts/bradley-terry.ts, Hunter's MM fit, reused) fitted
// to the pairwise win counts, a tie counted as half a win for each side: pair (X, Y) enters as one
// row with pA = (wins + ties / 2) / n and weight n. The fit's default prior (one virtual tie of each
// arm against a pseudo-arm of strength 1) keeps an arm that never loses finite; at hundreds of
// prompts per pair its pull is negligible. Each pair's exact sign test p-value (sign-test.ts) is
// Holm-corrected over all the pairs (holm.ts).

import { bradleyTerry } from "../charts/bradley-terry";
import { holm } from "./holm";
import { signTest } from "./sign-test";

export interface PairCounts {
  x: string;
  y: string;
  /** from X's side */
  wins: number;
  ties: number;
  losses: number;
}

export interface RankedArm {
  arm: string;
  /** Bradley-Terry strength, geometric mean 1 over the arms; P(i beats j) = s_i / (s_i + s_j) */
  strength: number;
  logStrength: number;
  /** 1 = strongest; arms of equal strength (to 1e-9) share a rank */
  rank: number;
}

export interface PairTest extends PairCounts {
  /** (wins + ties / 2) / (wins + ties + losses) */
  winRate: number | null;
  /** exact sign test, ties dropped */
  p: number;
  /** Holm-adjusted over all pairs given */
  pHolm: number;
}

export interface ArmRanking {
  arms: RankedArm[];
  pairs: PairTest[];
  converged: boolean;
}

/** Strongest first. Pairs are as given (one row per unordered pair of arms is the intended use). */
export function rankArms(pairs: readonly PairCounts[]): ArmRanking {
  const comparisons = pairs
    .map(({ x, y, wins, ties, losses }) => ({ a: x, b: y, n: wins + ties + losses, w: wins + ties / 2 }))
    .filter((c) => c.n > 0)
    .map(({ a, b, n, w }) => ({ a, b, pA: w / n, weight: n }));
  const fit = bradleyTerry(comparisons);
  const sorted = [...fit.players].sort((p, q) => q.strength - p.strength);
  const arms: RankedArm[] = [];
  sorted.forEach((player, i) => {
    const previous = arms[i - 1];
    const tied = previous && Math.abs(previous.logStrength - player.logStrength) <= 1e-9;
    arms.push({ arm: player.id, strength: player.strength, logStrength: player.logStrength, rank: tied ? previous.rank : i + 1 });
  });
  // arms named in pairs without any prompt judged still appear, last
  for (const { x, y } of pairs) for (const arm of [x, y]) if (!arms.some((a) => a.arm === arm)) arms.push({ arm, strength: NaN, logStrength: NaN, rank: NaN });
  const raw = pairs.map((p) => signTest(p.wins, p.losses).p);
  const adjusted = holm(raw);
  return {
    arms,
    pairs: pairs.map((p, i) => {
      const n = p.wins + p.ties + p.losses;
      return { ...p, winRate: n > 0 ? (p.wins + p.ties / 2) / n : null, p: raw[i], pHolm: adjusted[i] };
    }),
    converged: fit.converged,
  };
}
