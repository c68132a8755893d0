// Goodhart signals: phrases that spread as revisions (or runs) go on, like the paper's boilerplate
// "you are valid, valued, and cared for". A phrase's weight in a group is its document frequency:
// the share of the group's texts that contain it, however often each text repeats it.

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
  return text.toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * The phrases whose document frequency grows most from the first group to the last. A phrase does
 * not cross a sentence end (. ! ? ; : followed by a space, or a line break), so commas inside
 * "valid, valued, and cared for" do not break it. A phrase is left out when a longer one that
 * contains it has the same count in every group (it never occurs without it): "valued and cared"
 * goes, "valued and cared for" stays. A boilerplate longer than maxN words shows as its overlapping
 * maxN-word pieces with equal counts: raise maxN to see it whole. Sorted by growth, then by the
 * last group's share, then longer first, then alphabetically. Fewer than one group gives [].
 */
export function ngramGrowth(groups: TextGroup[], options: NgramGrowthOptions = {}): PhraseGrowth[] {
  const { minN = 2, maxN = 5, minCount = 2, top = 20 } = options;
  if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
    throw new Error(`ngramGrowth: need whole numbers 1 <= minN <= maxN, got ${minN}..${maxN}`);
  }
  if (groups.length === 0) return [];
  const counts = new Map<string, number[]>();
  groups.forEach((group, g) => {
    for (const text of group.texts) {
      for (const phrase of phrasesOf(text, minN, maxN)) {
        let perGroup = counts.get(phrase);
        if (!perGroup) counts.set(phrase, (perGroup = new Array<number>(groups.length).fill(0)));
        perGroup[g]++;
      }
    }
  });

  // a phrase's (n - 1)-word prefix and suffix have counts >= its own in every group; equal means
  // they only occur inside it. Checking the next length down suffices: equality carries down.
  // Phrases under minCount are dropped first (most phrases occur once): a part they subsumed would
  // have their counts, so it is under minCount too.
  const frequent = new Map<string, number[]>();
  for (const [phrase, perGroup] of counts) if (perGroup.reduce((sum, c) => sum + c, 0) >= minCount) frequent.set(phrase, perGroup);
  const subsumed = new Set<string>();
  for (const [phrase, perGroup] of frequent) {
    if (phrase.split(" ").length <= minN) continue;
    for (const part of [phrase.slice(phrase.indexOf(" ") + 1), phrase.slice(0, phrase.lastIndexOf(" "))]) {
      if (sameCounts(counts.get(part)!, perGroup)) subsumed.add(part);
    }
  }

  const sizes = groups.map((g) => g.texts.length);
  const last = groups.length - 1;
  const result: PhraseGrowth[] = [];
  for (const [phrase, perGroup] of frequent) {
    if (subsumed.has(phrase)) continue;
    const shares = perGroup.map((c, g) => (sizes[g] > 0 ? c / sizes[g] : 0));
    result.push({
      phrase,
      n: phrase.split(" ").length,
      counts: perGroup,
      shares,
      growth: shares[last] - shares[0],
      ratio: shares[0] > 0 ? shares[last] / shares[0] : null,
    });
  }
  result.sort(
    (x, y) => y.growth - x.growth || y.shares[last] - x.shares[last] || y.n - x.n || (x.phrase < y.phrase ? -1 : x.phrase > y.phrase ? 1 : 0),
  );
  return result.slice(0, top);
}

/** The distinct phrases of minN..maxN words in one text, within its sentences. */
function phrasesOf(text: string, minN: number, maxN: number): Set<string> {
  const phrases = new Set<string>();
  for (const sentence of text.split(/[.!?;:]+(?=\s|$)|\n+/)) {
    const words = tokenize(sentence);
    for (let i = 0; i + minN <= words.length; i++) {
      // the phrases starting at word i, each one word longer than the last
      let phrase = words.slice(i, i + minN).join(" ");
      phrases.add(phrase);
      for (let n = minN + 1; n <= maxN && i + n <= words.length; n++) phrases.add((phrase = `${phrase} ${words[i + n - 1]}`));
    }
  }
  return phrases;
}

function sameCounts(a: number[], b: number[]): boolean {
  return a.every((v, i) => v === b[i]);
}
