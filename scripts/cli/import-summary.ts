import { answerNotes } from "@/components/imports/import-counts";
import type { ImportResult } from "@/lib/server/imports/import-file";
import type { LineProblem } from "@/lib/formats/records";

// What an import did, as the lines the CLI prints when it succeeds.

const SHOWN_PROBLEMS = 5;

const DATASET_FIGURES: [key: string, label: string][] = [
  ["promptsNew", "new prompts"],
  ["promptsExisting", "prompts already present"],
  ["recordsDuplicate", "duplicates"],
  ["chains", "chains"],
  ["steps", "steps"],
  ["responses", "responses"],
  ["scores", "scores"],
  ["comparisons", "comparisons"],
  ["humanLabels", "human labels"],
  ["principlesNew", "new principles"],
  ["answersTrimmed", "answers trimmed"],
  ["markersCut", "turn markers cut"],
  ["emptyAnswers", "empty answers"],
  ["identicalPairs", "identical pairs"],
];

export function importSummary(fileName: string, result: ImportResult): string[] {
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  const lines: string[] = [];
  if (result.kind === "constitution" && result.constitution) {
    const { name, version, unchanged } = result.constitution;
    lines.push(
      unchanged
        ? `${fileName}: constitution "${name}" already has this content (version ${version}); nothing added. Import #${result.importId}, ${seconds} s.`
        : `Imported ${fileName} as constitution "${name}" version ${version} (import #${result.importId}, ${seconds} s).`,
    );
    const stats = result.stats as Record<string, unknown>;
    lines.push(`  ${"principles".padEnd(24)} ${stats.principlesNew ?? 0}`, `  ${"few-shot examples".padEnd(24)} ${stats.fewShots ?? 0}`);
    return lines;
  }

  lines.push(
    `Imported ${fileName} into dataset "${result.dataset?.name}" as import #${result.importId} (${result.format}, ${result.stats.lines.toLocaleString("en-US")} lines, ${seconds} s).`,
  );
  const stats = result.stats as Record<string, unknown>;
  for (const [key, label] of DATASET_FIGURES) {
    const value = Number(stats[key] ?? 0);
    if (value > 0 || key === "promptsNew" || key === "promptsExisting" || key === "recordsDuplicate") {
      lines.push(`  ${label.padEnd(24)} ${value.toLocaleString("en-US")}`);
    }
  }
  lines.push(`  ${"skipped lines".padEnd(24)} ${result.problems.count.toLocaleString("en-US")}`);
  lines.push(...answerNotes(stats as Record<string, number>).map((note) => `  ${note}`));
  lines.push(...problemLines(result.problems.items, result.problems.count));
  if (result.notices.count > 0) {
    lines.push(`  ${"notices".padEnd(24)} ${result.notices.count.toLocaleString("en-US")}`);
    lines.push(...problemLines(result.notices.items, result.notices.count));
  }
  if (result.sameFileImportedBefore) {
    const when = result.sameFileImportedBefore.createdAt.toISOString().replace("T", " ").slice(0, 16);
    lines.push(`This file was imported before as import #${result.sameFileImportedBefore.importId} (${when} UTC); prompts already present were not added again.`);
  }
  return lines;
}

function problemLines(items: LineProblem[], count: number): string[] {
  const lines = items.slice(0, SHOWN_PROBLEMS).map(({ line, field, message }) => `    line ${line}${field ? `, ${field}` : ""}: ${message}`);
  if (count > SHOWN_PROBLEMS) lines.push(`    ... and ${(count - SHOWN_PROBLEMS).toLocaleString("en-US")} more`);
  return lines;
}
