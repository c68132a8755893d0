import { sidesInOrder, type ShownOrder } from "@/lib/cai/review-sides";
import type { HumanChoice } from "@/lib/schemas/review";

// The review screen's keyboard, as a pure mapping so it can be tested without a browser:
// 1 = A, 2 = B, 3 = tie, s = skip, f = flag (it needs a note, so the key moves to the note field),
// j = next item, k = previous item. Keys typed into a text field are text, not commands; keys held
// with a modifier belong to the browser; a held-down key repeating must not answer twice.

export type ReviewKeyAction = { kind: "answer"; choice: Exclude<HumanChoice, "FLAG"> } | { kind: "flag" } | { kind: "next" } | { kind: "previous" };

export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  repeat: boolean;
  /** the key went to an input, textarea, select or editable element */
  inTextField: boolean;
}

const ACTIONS: Record<string, ReviewKeyAction> = {
  "1": { kind: "answer", choice: "A" },
  "2": { kind: "answer", choice: "B" },
  "3": { kind: "answer", choice: "TIE" },
  s: { kind: "answer", choice: "SKIP" },
  f: { kind: "flag" },
  j: { kind: "next" },
  k: { kind: "previous" },
};

export function reviewKeyAction(press: KeyPress): ReviewKeyAction | null {
  if (press.inTextField || press.repeat || press.altKey || press.ctrlKey || press.metaKey || press.shiftKey) return null;
  return ACTIONS[press.key] ?? null;
}

/** The answer buttons in screen order, each with the key that presses it. */
export const ANSWER_BUTTONS: { choice: HumanChoice; label: string; key: string }[] = [
  { choice: "A", label: "A is better", key: "1" },
  { choice: "B", label: "B is better", key: "2" },
  { choice: "TIE", label: "Tie", key: "3" },
  { choice: "SKIP", label: "Skip", key: "s" },
  { choice: "FLAG", label: "Flag", key: "f" },
];

export const CHOICE_WORDS: Record<HumanChoice, string> = { A: "A is better", B: "B is better", TIE: "Tie", SKIP: "Skipped", FLAG: "Flagged" };

/**
 * How the review screen names the two responses: by position ("1", "2") when the queue draws each
 * reviewer's order (calling the first one "A" would mislead half the time), else "A" and "B".
 */
export function positionNames(randomised: boolean): [string, string] {
  return randomised ? ["1", "2"] : ["A", "B"];
}

/** The keys line under the answer buttons: "1 A" reads well, "1 1" does not, so positions get a noun. */
export function keysHint(randomised: boolean): string {
  const [first, second] = randomised ? ["response 1", "response 2"] : positionNames(false);
  return `Keys: 1 ${first}, 2 ${second}, 3 tie, s skip, f flag (write a note first), j next, k previous.`;
}

/**
 * The answer buttons for the order shown: the key 1 and the first button pick the response shown
 * first, whichever side of the comparison it is; the choice sent is in the comparison's A/B terms.
 */
export function answerButtons(order: ShownOrder, randomised: boolean): { choice: HumanChoice; label: string; key: string }[] {
  const sides = sidesInOrder(order);
  const names = positionNames(randomised);
  return ANSWER_BUTTONS.map((button, i) => (i < 2 ? { ...button, choice: sides[i], label: `${names[i]} is better` } : button));
}

/** A key's answer (1 = the first shown, 2 = the second) in the comparison's A/B terms. */
export function shownChoice(choice: Exclude<HumanChoice, "FLAG">, order: ShownOrder): Exclude<HumanChoice, "FLAG"> {
  if (choice !== "A" && choice !== "B") return choice;
  return sidesInOrder(order)[choice === "A" ? 0 : 1];
}

/** An answer (comparison terms) in the words of the screen it was given on. */
export function choiceWords(choice: HumanChoice, order: ShownOrder, randomised: boolean): string {
  if (choice !== "A" && choice !== "B") return CHOICE_WORDS[choice];
  return `${positionNames(randomised)[sidesInOrder(order).indexOf(choice)]} is better`;
}

export function isTextField(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])") !== null;
}

export function keyPress(event: KeyboardEvent): KeyPress {
  return {
    key: event.key,
    altKey: event.altKey,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    shiftKey: event.shiftKey,
    repeat: event.repeat,
    inTextField: isTextField(event.target),
  };
}
