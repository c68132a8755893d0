import { mulberry32, seedFrom } from "./seeded-random";

// Which response a reviewer sees first (on the left): drawn per reviewer and pair from the queue's
// recorded seed, so a position preference of one reviewer spreads evenly over A and B instead of
// becoming a preference for the comparison's response A (often the initial response or the chain's
// first sample). The same (seed, reviewer, pair) always gives the same order: reloading the page,
// answering and auditing afterwards all agree, and the answer stores the order it was shown in.

export type ShownOrder = "AB" | "BA";
export type Side = "A" | "B";

/** The order `reviewerId` is shown the comparison in; a queue with no seed shows A first. */
export function shownOrder(seed: string | null, reviewerId: string, comparisonId: number): ShownOrder {
  if (seed === null) return "AB";
  return mulberry32(seedFrom("sides", seed, reviewerId, comparisonId))() < 0.5 ? "AB" : "BA";
}

/** The comparison's sides in the order shown: first (left), then second (right). */
export function sidesInOrder(order: ShownOrder): [Side, Side] {
  return order === "AB" ? ["A", "B"] : ["B", "A"];
}

/** Whether the answer picked the response shown first: null for a tie, skip or flag. */
export function pickedFirst(choice: string, order: ShownOrder): boolean | null {
  if (choice !== "A" && choice !== "B") return null;
  return choice === sidesInOrder(order)[0];
}
