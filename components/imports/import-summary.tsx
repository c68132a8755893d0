import Link from "next/link";
import { formatDateTime, formatDuration } from "@/components/ui/format";
import { Stats } from "@/components/ui/stats";
import type { ImportSummary } from "@/lib/schemas/import";
import { answerNotes, importCounts, importCountsLine } from "./import-counts";
import { ProblemList } from "./problem-list";

const DATASET_COUNTS = [
  "promptsNew",
  "promptsExisting",
  "recordsDuplicate",
  "chains",
  "steps",
  "responses",
  "scores",
  "comparisons",
  "humanLabels",
  "principlesNew",
  "answersTrimmed",
  "markersCut",
  "emptyAnswers",
  "identicalPairs",
  "problemCount",
];
const TITLES: Record<string, string> = {
  promptsNew: "New prompts",
  promptsExisting: "Already present",
  recordsDuplicate: "Duplicates",
  chains: "Chains",
  steps: "Steps",
  responses: "Responses",
  scores: "Scores",
  comparisons: "Comparisons",
  humanLabels: "Human labels",
  principlesNew: "New principles",
  answersTrimmed: "Answers trimmed",
  markersCut: "Turn markers cut",
  emptyAnswers: "Empty answers",
  identicalPairs: "Identical pairs",
  problemCount: "Skipped lines",
  fewShots: "Few-shot examples",
};

export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  const stats = { ...summary.stats, problemCount: summary.problems.count };
  const shown = summary.kind === "dataset" ? DATASET_COUNTS : ["principlesNew", "fewShots"];
  const counts = importCounts(stats).filter((count) => shown.includes(count.key));
  return (
    <section aria-labelledby="import-summary-title" className="rounded-lg border border-green-300 bg-green-50 p-5">
      <h2 id="import-summary-title" className="text-lg font-semibold text-green-950">
        Import #{summary.importId} finished
      </h2>
      <p className="mt-1 text-stone-800">
        {importCountsLine(stats)} in {formatDuration(summary.elapsedMs)}.
      </p>
      {summary.sameFileImportedBefore && (
        <p className="mt-2 rounded bg-amber-100 px-3 py-2 text-amber-950">
          This file was imported before as <Link href={`/imports/${summary.sameFileImportedBefore.importId}`}>import #{summary.sameFileImportedBefore.importId}</Link> (
          {formatDateTime(summary.sameFileImportedBefore.createdAt)}); what it holds was not added again.
        </p>
      )}
      {summary.constitution && (
        <p className="mt-2 text-stone-800">
          {summary.constitution.unchanged
            ? `The file matches the latest version of ${summary.constitution.name}; no new version was made. `
            : `Made version ${summary.constitution.version} of ${summary.constitution.name}. `}
          <Link href={`/constitutions/versions/${summary.constitution.versionId}`}>
            Open {summary.constitution.name} v{summary.constitution.version}
          </Link>
        </p>
      )}
      {summary.kind === "dataset" && answerNotes(stats).length > 0 && (
        <ul aria-label="How answers were stored" className="mt-2 list-disc pl-5 text-stone-800">
          {answerNotes(stats).map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <div className="mt-4">
        <Stats label="Import counts" items={counts.map((count) => ({ label: TITLES[count.key] ?? count.label, value: count.value }))} />
      </div>
      <ProblemList title="Skipped lines" count={summary.problems.count} items={summary.problems.items} />
      <ProblemList title="Notices" count={summary.notices.count} items={summary.notices.items} />
      {summary.dataset && (
        <p className="mt-4">
          <Link href={`/prompts?dataset=${summary.dataset.id}`} className="font-medium">
            Browse the prompts of {summary.dataset.name}
          </Link>
        </p>
      )}
    </section>
  );
}
