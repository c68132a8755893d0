// A word-level diff for reading revisions side by side: what a revision deleted from the text
// before it and what it inserted. Pure and I/O-free, so the chain viewer can run it anywhere.
//
// Texts are cut into tokens that keep everything: runs of whitespace, words (letters, digits and
// inner apostrophes) and single other characters (punctuation). Joining the equal and deleted
// pieces gives back the old text exactly, the equal and inserted pieces the new one, whitespace and
// newlines included, because model output is data and its layout is part of it.
//
// The longest common subsequence is found with a dynamic-programming table over the tokens left
// after trimming the common prefix and suffix (revisions often share both). Tokens are interned to
// integers first, so the inner loop compares numbers. Two 2,000-word texts are about 4,000 tokens
// each: 16 M cells of 16 bits, some 32 MB and tens of milliseconds. Past MAX_CELLS (texts far
// beyond anything a model writes in one answer) the middle is shown as one deletion and one
// insertion instead, and the result says it is coarse.

export type DiffPiece = { kind: "equal" | "delete" | "insert"; text: string };

export interface WordDiff {
  pieces: DiffPiece[];
  /** words (not whitespace or punctuation) in deleted and inserted pieces */
  deletedWords: number;
  insertedWords: number;
  /** true when the texts were too long to align and the changed middle is shown whole */
  coarse: boolean;
}

const TOKEN = /\s+|[\p{L}\p{N}_]+(?:['’][\p{L}\p{N}_]+)*|[^\s]/gsu;
const WORD = /[\p{L}\p{N}]/u;
export const MAX_CELLS = 25_000_000;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function wordDiff(oldText: string, newText: string): WordDiff {
  const a = tokenize(oldText);
  const b = tokenize(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;

  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const coarse = midA.length * midB.length > MAX_CELLS;
  const ops: DiffPiece[] = [];
  push(ops, "equal", a.slice(0, prefix).join(""));
  if (coarse) {
    push(ops, "delete", midA.join(""));
    push(ops, "insert", midB.join(""));
  } else {
    alignMiddle(midA, midB, ops);
  }
  push(ops, "equal", a.slice(a.length - suffix).join(""));

  const pieces = absorbWhitespaceBetweenChanges(ops);
  return {
    pieces,
    deletedWords: countWords(pieces, "delete"),
    insertedWords: countWords(pieces, "insert"),
    coarse,
  };
}

/** The old text (equal + deleted pieces) or the new one (equal + inserted pieces). */
export function sideOf(pieces: DiffPiece[], side: "old" | "new"): string {
  const skip = side === "old" ? "insert" : "delete";
  return pieces
    .filter((piece) => piece.kind !== skip)
    .map((piece) => piece.text)
    .join("");
}

/** LCS by a table of suffix lengths, then one walk from the start that prefers deleting first. */
function alignMiddle(a: string[], b: string[], ops: DiffPiece[]): void {
  const [x, y] = intern(a, b);
  const n = x.length;
  const m = y.length;
  const width = m + 1;
  // lengths never exceed min(n, m); 16 bits are enough for any text below 65,535 tokens
  const table = Math.min(n, m) < 0xffff ? new Uint16Array((n + 1) * width) : new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    const row = i * width;
    const below = row + width;
    const xi = x[i];
    for (let j = m - 1; j >= 0; j--) {
      table[row + j] = xi === y[j] ? table[below + j + 1] + 1 : Math.max(table[below + j], table[row + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      push(ops, "equal", a[i++]);
      j++;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) {
      push(ops, "delete", a[i++]);
    } else {
      push(ops, "insert", b[j++]);
    }
  }
  while (i < n) push(ops, "delete", a[i++]);
  while (j < m) push(ops, "insert", b[j++]);
}

function intern(a: string[], b: string[]): [Int32Array, Int32Array] {
  const codes = new Map<string, number>();
  const code = (token: string) => {
    let value = codes.get(token);
    if (value === undefined) codes.set(token, (value = codes.size));
    return value;
  };
  return [Int32Array.from(a, code), Int32Array.from(b, code)];
}

/** Appends text, merging it into the last piece when that has the same kind. */
function push(ops: DiffPiece[], kind: DiffPiece["kind"], text: string): void {
  if (text === "") return;
  const last = ops.at(-1);
  if (last && last.kind === kind) last.text += text;
  else ops.push({ kind, text });
}

/**
 * Regroups the pieces into changes, each deletion before its insertion, and folds a bare run of
 * whitespace between two changes into both sides of one change: "[-a-][+b+] [-c-][+d+]" reads
 * better as "[-a c-][+b d+]". Both sides still join back to their texts exactly.
 */
function absorbWhitespaceBetweenChanges(ops: DiffPiece[]): DiffPiece[] {
  type Segment = { kind: "equal"; text: string } | { kind: "change"; deleted: string; inserted: string };
  const segments: Segment[] = [];
  for (const op of ops) {
    const last = segments.at(-1);
    if (op.kind === "equal") segments.push({ kind: "equal", text: op.text });
    else if (last?.kind === "change") last[op.kind === "delete" ? "deleted" : "inserted"] += op.text;
    else segments.push({ kind: "change", deleted: op.kind === "delete" ? op.text : "", inserted: op.kind === "insert" ? op.text : "" });
  }
  const merged: Segment[] = [];
  for (const segment of segments) {
    const previous = merged.at(-1);
    const beforePrevious = merged.at(-2);
    if (
      segment.kind === "change" &&
      previous?.kind === "equal" &&
      beforePrevious?.kind === "change" &&
      /^\s+$/.test(previous.text) &&
      // only when both changes replace words: a pure insertion next to a pure deletion is clearer apart
      segment.deleted &&
      segment.inserted &&
      beforePrevious.deleted &&
      beforePrevious.inserted
    ) {
      beforePrevious.deleted += previous.text + segment.deleted;
      beforePrevious.inserted += previous.text + segment.inserted;
      merged.pop();
    } else {
      merged.push(segment);
    }
  }
  const pieces: DiffPiece[] = [];
  for (const segment of merged) {
    if (segment.kind === "equal") push(pieces, "equal", segment.text);
    else {
      push(pieces, "delete", segment.deleted);
      push(pieces, "insert", segment.inserted);
    }
  }
  return pieces;
}

function countWords(pieces: DiffPiece[], kind: "delete" | "insert"): number {
  let count = 0;
  for (const piece of pieces) {
    if (piece.kind !== kind) continue;
    for (const token of tokenize(piece.text)) if (WORD.test(token)) count++;
  }
  return count;
}
