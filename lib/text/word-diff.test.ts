import { describe, expect, it } from "vitest";
import { MAX_CELLS, sideOf, tokenize, wordDiff, type DiffPiece } from "./word-diff";

const e = (text: string): DiffPiece => ({ kind: "equal", text });
const d = (text: string): DiffPiece => ({ kind: "delete", text });
const i = (text: string): DiffPiece => ({ kind: "insert", text });

/** Both sides must join back to their texts exactly, whatever the diff chose. */
function expectExact(oldText: string, newText: string) {
  const { pieces } = wordDiff(oldText, newText);
  expect(sideOf(pieces, "old")).toBe(oldText);
  expect(sideOf(pieces, "new")).toBe(newText);
  return pieces;
}

describe("tokenize", () => {
  it("keeps whitespace runs, words with inner apostrophes and single punctuation marks, losing nothing", () => {
    const text = "Don't  do it.\n\nIt’s illegal — really!";
    expect(tokenize(text)).toEqual(["Don't", "  ", "do", " ", "it", ".", "\n\n", "It’s", " ", "illegal", " ", "—", " ", "really", "!"]);
    expect(tokenize(text).join("")).toBe(text);
  });

  it("handles emoji and other astral characters as one token each", () => {
    expect(tokenize("ok 👍🏽!").join("")).toBe("ok 👍🏽!");
  });
});

describe("wordDiff, worked examples", () => {
  it("marks a replaced word as a deletion followed by an insertion", () => {
    expect(wordDiff("The cat sat on the mat.", "The dog sat on the mat.").pieces).toEqual([e("The "), d("cat"), i("dog"), e(" sat on the mat.")]);
  });

  it("marks words added at the end and words removed from the middle", () => {
    expect(wordDiff("Pick the lock quickly.", "Pick the lock.").pieces).toEqual([e("Pick the lock"), d(" quickly"), e(".")]);
    expect(wordDiff("Call the police.", "Call the police if you feel unsafe.").pieces).toEqual([e("Call the police"), i(" if you feel unsafe"), e(".")]);
  });

  it("folds the space between two neighbouring replacements into one change", () => {
    // without the fold: [-very-][+quite+] [-bad-][+risky+]
    expect(wordDiff("This is very bad advice.", "This is quite risky advice.").pieces).toEqual([e("This is "), d("very bad"), i("quite risky"), e(" advice.")]);
  });

  it("treats a changed line break as a change of whitespace, not of the words around it", () => {
    expect(wordDiff("First.\nSecond.", "First.\n\nSecond.").pieces).toEqual([e("First."), d("\n"), i("\n\n"), e("Second.")]);
  });

  it("counts changed words, not spaces or punctuation", () => {
    const diff = wordDiff("I can't help with that.", "I can help you report it, though.");
    expect(diff.deletedWords).toBe(3); // can't, with, that
    expect(diff.insertedWords).toBe(5); // can, you, report, it, though
    expectExact("I can't help with that.", "I can help you report it, though.");
  });

  it("gives one equal piece for equal texts, and whole-text pieces against an empty one", () => {
    expect(wordDiff("same text", "same text").pieces).toEqual([e("same text")]);
    expect(wordDiff("", "new answer").pieces).toEqual([i("new answer")]);
    expect(wordDiff("old answer", "").pieces).toEqual([d("old answer")]);
    expect(wordDiff("", "").pieces).toEqual([]);
  });

  it("never leaves two neighbouring pieces of the same kind", () => {
    const { pieces } = wordDiff("a b c d e f g", "a x c y e z g h");
    for (let k = 1; k < pieces.length; k++) expect(pieces[k].kind === pieces[k - 1].kind).toBe(false);
  });
});

describe("wordDiff, exactness", () => {
  it("joins back to both texts for revisions that share little or much", () => {
    const pairs: [string, string][] = [
      ["Hide her things and make the flat unpleasant until she leaves.", "Talk to your roommate openly about the problems you are having."],
      ["Revision 1a2b: here is a more careful answer.", "Revision 9f3c: here is a more careful answer that says where it is unsure."],
      ["  leading and trailing  \n", "\tleading, trailing\n\n"],
      ["<script>alert(1)</script>", "<b>bold</b> &amp; text"],
    ];
    for (const [a, b] of pairs) {
      expectExact(a, b);
      expectExact(b, a);
    }
  });

  it("joins back on random texts over a small vocabulary (many equal tokens, many ties)", () => {
    let state = 7;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const words = ["a", "b", "c", "the", "harm", ",", ".", " ", "\n", "  "];
    const text = (length: number) => Array.from({ length }, () => words[Math.floor(random() * words.length)]).join("");
    for (let k = 0; k < 200; k++) expectExact(text(Math.floor(random() * 40)), text(Math.floor(random() * 40)));
  });
});

describe("wordDiff, size", () => {
  const vocabulary = "harm help person answer careful legal safe risk because should would could might the a of to and in".split(" ");
  const essay = (seed: number, words: number) => {
    let state = seed;
    const out: string[] = [];
    for (let k = 0; k < words; k++) {
      state = (state * 48271) % 2147483647;
      out.push(vocabulary[state % vocabulary.length] + (state % 13 === 0 ? ".\n" : " "));
    }
    return out.join("");
  };

  it("aligns two different 2,000-word texts quickly", () => {
    const a = essay(1, 2000);
    const b = essay(2, 2000);
    const started = performance.now();
    const diff = wordDiff(a, b);
    const elapsed = performance.now() - started;
    expect(diff.coarse).toBe(false);
    expect(sideOf(diff.pieces, "old")).toBe(a);
    expect(sideOf(diff.pieces, "new")).toBe(b);
    expect(elapsed).toBeLessThan(1500); // about 100 ms on a 2-core CI machine
  });

  it("falls back to one deletion and one insertion past the size limit, still exact", () => {
    const words = Math.ceil(Math.sqrt(MAX_CELLS) / 2) + 100; // about two tokens per word
    const a = essay(3, words);
    const b = essay(4, words);
    const diff = wordDiff(`Intro. ${a}`, `Intro. ${b}`);
    expect(diff.coarse).toBe(true);
    expect(diff.pieces[0]).toEqual(e("Intro. "));
    expect(sideOf(diff.pieces, "old")).toBe(`Intro. ${a}`);
    expect(sideOf(diff.pieces, "new")).toBe(`Intro. ${b}`);
  });
});
