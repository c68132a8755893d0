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
  ["fewShots", "few-shot example", "few-shot examples"],
  ["problemCount", "skipped line", "skipped lines"],
];

export function importCounts(stats: Stats): { key: string; label: string; value: number }[] {
  return LABELS.flatMap(([key, one, many]) => {
    const value = stats[key];
    return typeof value === "number" ? [{ key, label: value === 1 ? one : many, value }] : [];
  });
}

/** A one-line summary that leaves out zeros, e.g. "3 new prompts, 3 chains, 7 steps". */
export function importCountsLine(stats: Stats): string {
  const parts = importCounts(stats).filter((count) => count.value > 0).map((count) => `${count.value.toLocaleString("en-US")} ${count.label}`);
  return parts.length > 0 ? parts.join(", ") : "nothing new";
}
