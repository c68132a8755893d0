// Elo ratings from comparisons in the order they happened, soft outcomes allowed, and the Elo
// scale for Bradley-Terry strengths so the two can be shown side by side.

import type { Comparison } from "./bradley-terry";

export interface EloOptions {
  /** how far one game moves a rating (default 32) */
  k?: number;
  /** every player's rating before their first game (default 1500) */
  initial?: number;
}

export interface EloRating {
  id: string;
  rating: number;
  /** comparisons the player took part in (weights are not used by Elo) */
  games: number;
}

/** Elo's expected score of a player rated `rating` against one rated `opponent`. */
export function eloExpected(rating: number, opponent: number): number {
  return 1 / (1 + 10 ** ((opponent - rating) / 400));
}

/**
 * Plays the comparisons in order: expected E = 1 / (1 + 10^((R_b - R_a) / 400)), then
 * R_a += k (pA - E) and R_b -= k (pA - E), with pA the soft outcome for a (0.5 a tie). Unlike
 * Bradley-Terry the result depends on the order, so pass comparisons in the order they were made
 * (or a fixed shuffle). `weight` is ignored: one row, one game. Players in first-appearance order;
 * ratings always sum to initial * players. A self-comparison or pA outside [0, 1] throws.
 */
export function elo(comparisons: Comparison[], options: EloOptions = {}): EloRating[] {
  const { k = 32, initial = 1500 } = options;
  const players = new Map<string, EloRating>();
  const playerOf = (id: string) => {
    let player = players.get(id);
    if (!player) players.set(id, (player = { id, rating: initial, games: 0 }));
    return player;
  };
  for (const { a, b, pA } of comparisons) {
    if (a === b) throw new Error(`elo: ${a} compared with itself`);
    if (!(pA >= 0 && pA <= 1)) throw new Error(`elo: pA must be in [0, 1], got ${pA}`);
    const first = playerOf(a);
    const second = playerOf(b);
    const change = k * (pA - eloExpected(first.rating, second.rating));
    first.rating += change;
    second.rating -= change;
    first.games++;
    second.games++;
  }
  return [...players.values()];
}

/**
 * A Bradley-Terry log-strength (natural log, as bradleyTerry reports it) on the Elo scale:
 * 1500 + 400 log10(strength). Then eloExpected of two converted ratings equals the BT win
 * probability s_i / (s_i + s_j). With BT normalised to geometric mean 1 the converted ratings
 * average 1500, like Elo's.
 */
export function btToElo(logStrength: number, base = 1500): number {
  return base + (400 * logStrength) / Math.LN10;
}
