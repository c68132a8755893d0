import { IDENTICAL_ANSWERS_WHY } from "@/lib/cai/answer-text";

// The counts an import reports (lib/server/imports/dataset-writer.ts ImportStats), in words.

type Stats = Record<string, number | string | boolean | undefined>;

const LABELS: [key: string, one: string, many: string][] = [
  ["promptsNew", "new prompt", "new prompts"],
  ["promptsExisting", "already present", "already present"],
  ["recordsDuplicate", "duplicate", "duplicates"],
  ["chains", "chain", "chains"],
  ["steps", "step", "steps"],
  ["responses", "response", "responses"],
  ["scores", "score", "scores"],
  ["comparisons", "comparison", "comparisons"],
  ["humanLabels", "human label", "human labels"],
  ["principlesNew", "new principle", "new principles"],
  ["answersTrimmed", "answer trimmed", "answers trimmed"],
  ["markersCut", "turn marker cut", "turn markers cut"],
  ["emptyAnswers", "empty answer", "empty answers"],
  ["identicalPairs", "identical pair", "identical pairs"],
  ["fewShots", "few-shot example", "few-shot examples"],
  ["problemCount", "skipped line", "skipped lines"],
];

export function importCounts(stats: Stats): { key: string; label: string; value: number }[] {
  return LABELS.flatMap(([key, one, many]) => {
    const value = stats[key];
    return typeof value === "number" ? [{ key, label: value === 1 ? one : many, value }] : [];
  });
}

/**
 * What the import did to answers, and why, in sentences: the counts alone ("660 turn markers cut")
 * do not say that the file's text was changed on purpose or why a pair made no comparison.
 */
export function answerNotes(stats: Stats): string[] {
  const count = (key: string) => (typeof stats[key] === "number" ? (stats[key] as number) : 0);
  const n = (value: number, one: string, many: string) => `${value.toLocaleString("en-US")} ${value === 1 ? one : many}`;
  const notes: string[] = [];
  if (count("answersTrimmed") > 0) {
    const markers = count("markersCut") > 0 ? `, ${n(count("markersCut"), "of which ended", "of which ended")} in a turn marker such as "Human:" (the sampler's stop sequence), cut` : "";
    notes.push(`${n(count("answersTrimmed"), "answer was", "answers were")} stored without the whitespace around ${count("answersTrimmed") === 1 ? "it" : "them"}${markers}.`);
  }
  if (count("emptyAnswers") > 0) notes.push(`${n(count("emptyAnswers"), "answer is", "answers are")} empty in the file, imported as empty answers.`);
  if (count("identicalPairs") > 0) {
    notes.push(`${n(count("identicalPairs"), "pair has", "pairs have")} the same answer twice: stored once, with no comparison or label, since ${IDENTICAL_ANSWERS_WHY}.`);
  }
  return notes;
}

/** A one-line summary that leaves out zeros, e.g. "3 new prompts, 3 chains, 7 steps". */
export function importCountsLine(stats: Stats): string {
  const parts = importCounts(stats)
    .filter((count) => count.value > 0)
    .map((count) => `${count.value.toLocaleString("en-US")} ${count.label}`);
  return parts.length > 0 ? parts.join(", ") : "nothing new";
}
