// Goodhart signals: phrases that spread as revisions (or runs) go on, like the paper's boilerplate
// "you are valid, valued, and cared for". A phrase's weight in a group is its document frequency:
// the share of the group's texts that contain it, however often each text repeats it.

import { onlyStopWords, STOP_WORDS } from "./stop-words";

export interface TextGroup {
  /** e.g. the revision number, or a run's name; groups are compared in the order given */
  key: string | number;
  texts: string[];
}

export interface NgramGrowthOptions {
  /** shortest phrase in words (default 2) */
  minN?: number;
  /** longest phrase in words (default 5) */
  maxN?: number;
  /** a phrase must be in at least this many texts over all groups (default 2) */
  minCount?: number;
  /** how many phrases to return (default 20) */
  top?: number;
  /** phrases made only of these words are skipped (default STOP_WORDS; an empty set keeps all) */
  stopWords?: ReadonlySet<string>;
}

export interface PhraseGrowth {
  /** the words joined by single spaces, lower-case, punctuation dropped */
  phrase: string;
  n: number;
  /** per group, in the groups' order: texts containing the phrase */
  counts: number[];
  /** per group: counts / texts in the group (0 for a group without texts) */
  shares: number[];
  /** last group's share - first group's share, in [-1, 1] */
  growth: number;
  /** last share / first share; null when the first share is 0 (the phrase is new) */
  ratio: number | null;
}

/**
 * Lower-case words: letters and digits, with apostrophes inside a word kept ("can't", "you're";
 * the typographic ’ read as '). Everything else separates words.
 */
export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? []
  );
}

/**
 * The phrases whose document frequency grows most from the first group to the last. A phrase does
 * not cross a sentence end (. ! ? ; : followed by a space, or a line break), so commas inside
 * "valid, valued, and cared for" do not break it. A phrase is left out when a longer one that
 * contains it has the same count in every group (it never occurs without it): "valued and cared"
 * goes, "valued and cared for" stays. A boilerplate longer than maxN words shows as its overlapping
 * maxN-word pieces with equal counts: raise maxN to see it whole. Phrases made only of stop words
 * ("it is", "of the") are skipped. Sorted by growth, then by the
 * last group's share, then longer first, then alphabetically. Fewer than one group gives [].
 */
export function ngramGrowth(groups: TextGroup[], options: NgramGrowthOptions = {}): PhraseGrowth[] {
  const { minN = 2, maxN = 5, minCount = 2, top = 20, stopWords = STOP_WORDS } = options;
  if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
    throw new Error(`ngramGrowth: need whole numbers 1 <= minN <= maxN, got ${minN}..${maxN}`);
  }
  if (groups.length === 0) return [];
  const trie = countPhrases(groups, minN, maxN);
  const countsOf = (node: number) => trie.counts.slice(node * groups.length, (node + 1) * groups.length);

  // Phrases under minCount are dropped first (most phrases occur once): a part they subsumed would
  // have their counts, so it is under minCount too. A phrase's (n - 1)-word prefix and suffix have
  // counts >= its own in every group; equal means they only occur inside it. Checking the next
  // length down suffices: equality carries down.
  const frequent = new Map<number, number[]>();
  for (let node = 0; node < trie.length.length; node++) {
    if (trie.length[node] < minN) continue;
    const perGroup = countsOf(node);
    if (perGroup.reduce((sum, c) => sum + c, 0) >= minCount) frequent.set(node, perGroup);
  }
  const subsumed = new Set<number>();
  for (const [node, perGroup] of frequent) {
    if (trie.length[node] <= minN) continue;
    for (const part of [trie.suffix(node), trie.parent[node]]) {
      if (sameCounts(countsOf(part), perGroup)) subsumed.add(part);
    }
  }

  const sizes = groups.map((g) => g.texts.length);
  const last = groups.length - 1;
  const result: PhraseGrowth[] = [];
  for (const [node, perGroup] of frequent) {
    if (subsumed.has(node)) continue;
    const phrase = trie.phrase(node);
    if (onlyStopWords(phrase.split(" "), stopWords)) continue;
    const shares = perGroup.map((c, g) => (sizes[g] > 0 ? c / sizes[g] : 0));
    result.push({
      phrase,
      n: trie.length[node],
      counts: perGroup,
      shares,
      growth: shares[last] - shares[0],
      ratio: shares[0] > 0 ? shares[last] / shares[0] : null,
    });
  }
  result.sort((x, y) => y.growth - x.growth || y.shares[last] - x.shares[last] || y.n - x.n || (x.phrase < y.phrase ? -1 : x.phrase > y.phrase ? 1 : 0));
  return result.slice(0, top);
}

/**
 * Every phrase of up to maxN words within the sentences of the texts, as a trie of word ids: a
 * phrase is a node, its (n - 1)-word prefix its parent. counts[node * groups + g] is how many texts
 * of group g hold the phrase (each text once), for phrases of minN words or more. Numbers as keys
 * instead of the phrases' strings: counting is most of what ngramGrowth costs.
 */
function countPhrases(groups: TextGroup[], minN: number, maxN: number) {
  const wordIds = new Map<string, number>();
  const words: string[] = [];
  // a node's child for a word: key parent * WORDS + word (exact: far below 2^53)
  const WORDS = 2 ** 21;
  const children = new Map<number, number>();
  const roots: number[] = [];
  const parent: number[] = [];
  const word: number[] = [];
  const length: number[] = [];
  const lastText: number[] = [];
  const counts: number[] = [];
  const G = groups.length;
  const add = (from: number, w: number): number => {
    const id = parent.length;
    parent.push(from);
    word.push(w);
    length.push(from < 0 ? 1 : length[from] + 1);
    lastText.push(-1);
    for (let g = 0; g < G; g++) counts.push(0);
    return id;
  };
  const root = (w: number) => roots[w] ?? (roots[w] = add(-1, w));
  const child = (from: number, w: number) => {
    const key = from * WORDS + w;
    let id = children.get(key);
    if (id === undefined) children.set(key, (id = add(from, w)));
    return id;
  };
  let textIndex = 0;
  groups.forEach((group, g) => {
    for (const text of group.texts) {
      textIndex++;
      for (const sentence of text.split(/[.!?;:]+(?=\s|$)|\n+/)) {
        const ids = tokenize(sentence).map((t) => {
          let id = wordIds.get(t);
          if (id === undefined) {
            if (words.length >= WORDS) throw new Error(`ngramGrowth: more than ${WORDS} distinct words`);
            wordIds.set(t, (id = words.length));
            words.push(t);
          }
          return id;
        });
        for (let i = 0; i + minN <= ids.length; i++) {
          let node = root(ids[i]);
          for (let n = 1; n <= maxN && i + n <= ids.length; n++) {
            if (n > 1) node = child(node, ids[i + n - 1]);
            if (n >= minN && lastText[node] !== textIndex) {
              lastText[node] = textIndex;
              counts[node * G + g]++;
            }
          }
        }
      }
    }
  });
  const wordsOf = (node: number): number[] => {
    const out: number[] = [];
    for (let at = node; at >= 0; at = parent[at]) out.push(word[at]);
    return out.reverse();
  };
  return {
    parent,
    length,
    counts,
    phrase: (node: number) =>
      wordsOf(node)
        .map((w) => words[w])
        .join(" "),
    /** the node of the phrase without its first word (it exists: it occurs wherever the phrase does) */
    suffix: (node: number) =>
      wordsOf(node)
        .slice(1)
        .reduce((at, w, i) => (i === 0 ? roots[w] : children.get(at * WORDS + w)!), -1),
  };
}

function sameCounts(a: number[], b: number[]): boolean {
  return a.every((v, i) => v === b[i]);
}
