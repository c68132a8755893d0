// What an answer is, as the studio stores it: the model's words without the whitespace around them
// and without the turn marker a sampler left at the end. The paper's RL samples (and raw-format
// completions from servers whose stop sequence is not applied) end in "\n\nHuman:", the cue of the
// next turn: kept, it would sit inside the feedback model's options and in every export. Every
// answer that comes in, imported or generated, goes through cleanAnswer; the repair command
// (npm run cai -- repair-answers) applies the same rule to answers stored before it existed.
//
// Only a marker at the very end is cut; one in the middle of an answer is the answer's text (an
// hh-rlhf answer that goes on to write the human's next turn is what that sample said).

/**
 * "Human:" or "Assistant:" after whitespace (or alone); "H:" or "A:" only on a line of their own, and
 * so "Human" without its colon (a stop sequence cut short at the token limit: 20 of the paper's
 * RL-CAI chain-of-thought samples end in "\n\nHuman").
 */
const TRAILING_MARKER = /(?:^|\s)(?:Human|Assistant):$|(?:^|\n)(?:[HA]:|Human|Assistant)$/;

export interface CleanedAnswer {
  text: string;
  /** a trailing turn marker was cut (whitespace alone does not count) */
  markerCut: boolean;
}

export function cleanAnswer(raw: string): CleanedAnswer {
  let text = raw.trim();
  let markerCut = false;
  for (let match = TRAILING_MARKER.exec(text); match; match = TRAILING_MARKER.exec(text)) {
    text = text.slice(0, match.index).trim();
    markerCut = true;
  }
  return { text, markerCut };
}

/** Why two identical answers make no comparison pair, wherever the studio says it skipped one. */
export const IDENTICAL_ANSWERS_WHY = "identical answers say nothing about which is better";
