// A Bradley-Terry model fitted to soft preference labels: each response gets a strength s, and
// P(i beats j) = s_i / (s_i + s_j). Fitted by Hunter's MM algorithm (Hunter 2004, "MM algorithms
// for generalized Bradley-Terry models", Ann. Statist. 32(1)), where a soft label pA counts as pA
// of a win for a and 1 - pA for b: the log-likelihood sum w (pA log P(a beats b) + (1 - pA)
// log P(b beats a)) is the hard-label one with fractional wins, and the same update maximises it.

export interface Comparison {
  a: string;
  b: string;
  /** P(a is better than b), in [0, 1] */
  pA: number;
  /** how many comparisons this row stands for (default 1); 0 ignores it */
  weight?: number;
}

export interface BradleyTerryOptions {
  /**
   * Weight of one virtual tie each player plays against a pseudo-player of fixed strength 1
   * (default 1). It keeps a player who never wins (or never loses) finite and ties together
   * players the comparisons leave unconnected, at the cost of a small pull of every strength
   * towards 1. 0 gives the plain maximum-likelihood fit, which exists only when every split of the
   * players into two groups has each group winning some share against the other: otherwise it throws.
   */
  prior?: number;
  /**
   * stop when no log-strength moves more than this in one iteration (default 1e-10). MM converges
   * linearly, so the remaining error is a few times the last step: about 6e-10 in a 200-player,
   * 5,000-comparison check.
   */
  tolerance?: number;
  /**
   * default 10,000; the result says whether it converged. Enough for the default prior (that check:
   * about 2,000 iterations); a prior of 0.1 or 0.01 on sparse comparisons can need 10^4 to 10^5.
   */
  maxIterations?: number;
}

export interface PlayerStrength {
  id: string;
  /** normalised so that the strengths' geometric mean is 1 */
  strength: number;
  /** natural log of strength; these sum to 0 over the players */
  logStrength: number;
  /** soft wins: sum of weight * pA as a plus weight * (1 - pA) as b */
  wins: number;
  /** sum of weights of the player's comparisons */
  games: number;
}

export interface BradleyTerryResult {
  /** in the order the players first appear in the comparisons */
  players: PlayerStrength[];
  iterations: number;
  converged: boolean;
}

/** P(i beats j) = s_i / (s_i + s_j). */
export function winProbability(strengthI: number, strengthJ: number): number {
  return strengthI / (strengthI + strengthJ);
}

/**
 * Strengths by the MM iteration s_i <- W_i / sum_j n_ij / (s_i + s_j), with the prior's virtual
 * tie adding prior / 2 to W_i and prior / (s_i + 1) to the sum. Strengths are reported normalised
 * to geometric mean 1 (log-strengths sum to 0); only ratios mean anything. A comparison of a player
 * with itself, a pA outside [0, 1] or a negative weight throws. No comparisons gives no players.
 */
export function bradleyTerry(comparisons: Comparison[], options: BradleyTerryOptions = {}): BradleyTerryResult {
  const { prior = 1, tolerance = 1e-10, maxIterations = 10_000 } = options;
  if (!(prior >= 0)) throw new Error(`bradleyTerry: prior must be >= 0, got ${prior}`);
  const index = new Map<string, number>();
  const ids: string[] = [];
  const playerOf = (id: string) => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      index.set(id, i);
      ids.push(id);
    }
    return i;
  };
  const games: { i: number; j: number; w: number }[] = [];
  const winsOf: number[] = [];
  const gamesOf: number[] = [];
  const beats: Set<number>[] = []; // beats[i] has j when i won some share against j
  for (const { a, b, pA, weight = 1 } of comparisons) {
    if (a === b) throw new Error(`bradleyTerry: ${a} compared with itself`);
    if (!(pA >= 0 && pA <= 1)) throw new Error(`bradleyTerry: pA must be in [0, 1], got ${pA}`);
    if (!(weight >= 0 && Number.isFinite(weight))) throw new Error(`bradleyTerry: weight must be finite and >= 0, got ${weight}`);
    const i = playerOf(a);
    const j = playerOf(b);
    for (const k of [i, j]) {
      winsOf[k] ??= 0;
      gamesOf[k] ??= 0;
      beats[k] ??= new Set();
    }
    if (weight === 0) continue;
    games.push({ i, j, w: weight });
    winsOf[i] += weight * pA;
    winsOf[j] += weight * (1 - pA);
    gamesOf[i] += weight;
    gamesOf[j] += weight;
    if (pA > 0) beats[i].add(j);
    if (pA < 1) beats[j].add(i);
  }
  const m = ids.length;
  if (m === 0) return { players: [], iterations: 0, converged: true };
  if (prior === 0 && !stronglyConnected(beats)) {
    throw new Error("bradleyTerry: without a prior the fit does not exist: some players never win (or never lose) against the rest, or are not compared with them");
  }

  let s = new Array<number>(m).fill(1);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const denominator = new Array<number>(m).fill(0);
    for (const { i, j, w } of games) {
      const share = w / (s[i] + s[j]);
      denominator[i] += share;
      denominator[j] += share;
    }
    let next = s.map((si, i) => (winsOf[i] + prior / 2) / (denominator[i] + prior / (si + 1)));
    // without the pseudo-player the scale is free: pin it each step so the iteration cannot drift
    if (prior === 0) next = normalise(next);
    converged = next.every((v, i) => Math.abs(Math.log(v) - Math.log(s[i])) <= tolerance);
    s = next;
  }
  const final = normalise(s);
  return {
    players: ids.map((id, i) => ({ id, strength: final[i], logStrength: Math.log(final[i]), wins: winsOf[i], games: gamesOf[i] })),
    iterations,
    converged,
  };
}

function normalise(strengths: number[]): number[] {
  const meanLog = strengths.reduce((sum, v) => sum + Math.log(v), 0) / strengths.length;
  return strengths.map((v) => Math.exp(Math.log(v) - meanLog));
}

/** Every player reaches every other along "won some share against" edges, and back. */
function stronglyConnected(beats: Set<number>[]): boolean {
  const m = beats.length;
  const reverse: Set<number>[] = beats.map(() => new Set());
  beats.forEach((targets, i) => targets.forEach((j) => reverse[j].add(i)));
  const reachesAll = (edges: Set<number>[]) => {
    const seen = new Set([0]);
    const stack = [0];
    while (stack.length > 0)
      for (const j of edges[stack.pop()!])
        if (!seen.has(j)) {
          seen.add(j);
          stack.push(j);
        }
    return seen.size === m;
  };
  return reachesAll(beats) && reachesAll(reverse);
}
