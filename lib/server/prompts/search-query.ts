// Turns what a person typed into the search box into a to_tsquery() text: every word must match,
// each as a prefix ("roomm" finds "roommate"). Words keep only letters and digits, so the result
// never carries tsquery operators; it is still sent as a bound parameter, never spliced into SQL.

const MAX_WORDS = 12;
const MAX_WORD_LENGTH = 64;

export function searchWords(text: string): string[] {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => word.slice(0, MAX_WORD_LENGTH))
    .slice(0, MAX_WORDS);
}

/** The to_tsquery('english', ...) text for `text`, or undefined when it holds no word. */
export function prefixTsquery(text: string): string | undefined {
  const words = searchWords(text);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(" & ") : undefined;
}
