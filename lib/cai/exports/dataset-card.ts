import type { ExportFileTypeName, ExportLayoutName } from "@/lib/schemas/exports";
import { LAYOUT_COLUMNS, type Column } from "./columns";
import { dataFiles, type ExportManifest, type ManifestDataFile } from "./manifest";
import { toYaml, type YamlValue } from "./yaml";

// The dataset card an export run writes beside its files (README.md), so the run's directory
// uploads to the Hugging Face Hub as a ready dataset: a YAML header the Hub's dataset viewer reads
// (configs with a split per data file, the features of the layout's columns as the file type
// stores them, license, task and tags), then the provenance from the manifest in Markdown: files
// with rows and sha256, counts, constitution versions, judges, the definition's filters, the code.
// Pure: the same manifest and names give the same bytes. Every text that came from a person or a
// model (export and constitution names, phrases, endpoint names) is quoted for YAML (yaml.ts) and
// escaped for Markdown here. Who started the run (an email) stays out: the card may be public.

/** The names behind the definition's ids when the run was written (lib/server/exports/views.ts, definitionNames). */
export interface CardNames {
  datasets: ReadonlyMap<number, string>;
  runs: ReadonlyMap<number, string>;
  /** "constitution vN" of the definition's constitutionVersionId */
  version: string | null;
  /** "endpoint · model" of the definition's endpointId */
  endpoint: string | null;
}

const NO_NAMES: CardNames = { datasets: new Map(), runs: new Map(), version: null, endpoint: null };

/** The split a data file is: H4's files are named after theirs (train_sft, test_prefs ...); the others are one train split. */
export function splitOfFile(layout: ExportLayoutName, fileName: string): string {
  return layout === "H4_CAI" ? fileName.replace(/\.[^.]+$/, "") : "train";
}

type Feature = { [key: string]: YamlValue };

/**
 * A column as the Hub's `features` declare it, for the file type: CSV holds nested values as JSON
 * text (encode.ts), so there every column but the numbers is a string; JSONL and Parquet keep
 * message lists as lists of {content, role} and principle lists as lists of strings. Parquet's
 * ints are INT32 (writers.ts, parquetSchema); JSON numbers load as int64.
 */
export function featureOf(column: Column, fileType: ExportFileTypeName): Feature {
  const { name, kind } = column;
  if (kind === "double") return { name, dtype: "float64" };
  if (kind === "int") return { name, dtype: fileType === "PARQUET" ? "int32" : "int64" };
  if (fileType === "CSV" || kind === "string" || kind === "nullableString") return { name, dtype: "string" };
  if (kind === "strings") return { name, sequence: "string" };
  return {
    name,
    list: [
      { name: "content", dtype: "string" },
      { name: "role", dtype: "string" },
    ],
  };
}

/** The Hub's size category for a number of rows. */
export function sizeCategory(rows: number): string {
  const bounds: [number, string][] = [
    [1e3, "n<1K"],
    [1e4, "1K<n<10K"],
    [1e5, "10K<n<100K"],
    [1e6, "100K<n<1M"],
    [1e7, "1M<n<10M"],
    [1e8, "10M<n<100M"],
    [1e9, "100M<n<1B"],
  ];
  return bounds.find(([bound]) => rows < bound)?.[1] ?? "n>1B";
}

const LAYOUT_TAGS: Record<ExportLayoutName, string[]> = {
  SFT: ["sft"],
  PREFERENCE: ["preference", "dpo"],
  H4_CAI: ["sft", "preference", "dpo"],
};

const LAYOUT_DESCRIPTIONS: Record<ExportLayoutName, string> = {
  SFT: "SFT chat messages: one `messages` list per row, the prompt's turns then the chosen revision as the assistant's answer.",
  PREFERENCE: "Preference pairs (TRL's conversational format): `prompt`, `chosen` and `rejected` messages, with the soft label, where it came from, the principles and the judge.",
  H4_CAI:
    "The Hugging Face H4 CAI layout: the initial answer, critique and revision prompts and responses, SFT `messages`, and `chosen` (revision) / `rejected` (initial) pairs, split by prompt into train and test.",
};

/** The YAML header the Hub reads. Data files with no rows are left out of the splits (an empty split does not load). */
export function cardHeader(manifest: ExportManifest): { [key: string]: YamlValue } {
  const files = dataFiles(manifest);
  const splits = files.filter((file) => file.rows > 0);
  const header: { [key: string]: YamlValue } = {
    pretty_name: manifest.exportName,
    license: "other",
    task_categories: ["text-generation"],
    tags: ["constitutional-ai", "rlaif", "synthetic", "cai-studio", ...LAYOUT_TAGS[manifest.layout]],
    size_categories: [sizeCategory(manifest.counts.written)],
  };
  if (splits.length > 0) {
    header.configs = [{ config_name: "default", data_files: splits.map((file) => ({ split: splitOfFile(manifest.layout, file.name), path: file.name })) }];
  }
  header.dataset_info = {
    features: LAYOUT_COLUMNS[manifest.layout].map((column) => featureOf(column, manifest.fileType)),
    splits: splits.map((file) => ({ name: splitOfFile(manifest.layout, file.name), num_examples: file.rows })),
  };
  return header;
}

// ------------------------------------------------------------------------------------ Markdown

/**
 * Text from a person or a model as inline Markdown that reads as itself: one line, HTML's
 * specials as entities (no tag or autolink), Markdown's punctuation backslash-escaped (no link,
 * emphasis, code or table cell break).
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`);
}

const count = (n: number) => n.toLocaleString("en-US");
const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
const code = (hex: string) => `\`${hex.replace(/[^0-9a-zA-Z.]/g, "")}\``;

function filesSection(manifest: ExportManifest, files: ManifestDataFile[]): string[] {
  return [
    "## Files",
    "",
    row(["File", "Split", "Rows", "Bytes", "sha256"]),
    row(["---", "---", "---:", "---:", "---"]),
    ...files.map((file) =>
      row([markdownText(file.name), file.rows > 0 ? markdownText(splitOfFile(manifest.layout, file.name)) : "(empty, not a split)", count(file.rows), count(file.bytes), code(file.sha256)]),
    ),
  ];
}

function countsSection(manifest: ExportManifest): string[] {
  const { selected, written, leftOut } = manifest.counts;
  const reasons: [keyof typeof leftOut, string][] = [
    ["evasive", "evasive answers"],
    ["phrase", "answers with an excluded phrase"],
    ["tie", "ties"],
  ];
  return [
    "## Counts",
    "",
    `- Rows selected by the definition: ${count(selected)}`,
    `- Rows written${manifest.layout === "H4_CAI" ? " (each to one sft and one prefs split)" : ""}: ${count(written)}`,
    ...reasons.map(([reason, words]) => `- Left out, ${words}: ${count(leftOut[reason])}`),
  ];
}

function constitutionsSection(manifest: ExportManifest): string[] {
  if (manifest.constitutionVersions.length === 0) return ["## Constitutions", "", "No written row names a constitution version (imported answers or labels only)."];
  return [
    "## Constitutions",
    "",
    "The constitution versions the written rows were made under:",
    "",
    row(["Constitution", "Version", "Content sha256"]),
    row(["---", "---:", "---"]),
    ...manifest.constitutionVersions.map((v) => row([markdownText(v.constitution), String(v.version), code(v.contentHash)])),
  ];
}

function judgesSection(manifest: ExportManifest): string[] {
  if (manifest.layout !== "PREFERENCE") return [];
  const judges = manifest.judges ?? [];
  const lines = ["## Judges (AI feedback)", ""];
  if (judges.length === 0) return [...lines, "No written pair was labelled by a model: every label is a person's."];
  return [...lines, ...judges.map((j) => `- ${markdownText(j.model ?? "unknown model")}${j.endpoint ? ` via endpoint ${markdownText(j.endpoint)}` : ""}`)];
}

/** The definition's filters, one line each, ids with their names where they were found. */
function filtersSection(manifest: ExportManifest, names: CardNames): string[] {
  const d = manifest.definition;
  const named = (ids: number[], map: ReadonlyMap<number, string>) => (ids.length === 0 ? "any" : ids.map((id) => `#${id}${map.has(id) ? ` ${map.get(id)}` : ""}`).join(", "));
  const list = (values: string[]) => (values.length === 0 ? "none" : values.map((v) => `"${v}"`).join(", "));
  const lines: [string, string][] = [
    ["Datasets", named(d.datasetIds, names.datasets)],
    ["Runs", named(d.runIds, names.runs)],
    ["Constitution version", d.constitutionVersionId === undefined ? "any" : `#${d.constitutionVersionId}${names.version ? ` ${names.version}` : ""}`],
    ["Endpoint", d.endpointId === undefined ? "any" : `#${d.endpointId}${names.endpoint ? ` ${names.endpoint}` : ""}`],
    ["Principles", d.principleKeys.length === 0 ? "any" : list(d.principleKeys)],
  ];
  if (manifest.layout === "PREFERENCE") {
    lines.push(
      ["Minimum confidence |P(A) - 0.5|", String(d.minConfidence)],
      ["Human-reviewed pairs only", String(d.humanReviewedOnly)],
      ["A person's answer wins over the AI's", String(d.humanWins)],
      ["Pairs with an order flip left out", String(d.excludeFlips)],
      ["Flagged pairs left out", String(d.excludeFlagged)],
    );
  } else {
    lines.push(["Revision", String(d.revision)]);
    if (manifest.layout === "SFT") lines.push(["Imported answers taken", String(d.importedAnswers)]);
    else lines.push(["Test fraction", String(d.testFraction)], ["Split seed", String(d.seed)]);
  }
  lines.push(["Evasive answers left out", String(d.excludeEvasive)], ["Phrases left out", list(d.excludePhrases)]);
  return ["## Filters", "", ...lines.map(([label, value]) => `- ${markdownText(label)}: ${markdownText(value)}`)];
}

function codeSection(manifest: ExportManifest): string[] {
  return [
    "## Made with",
    "",
    `- CAI Studio ${markdownText(manifest.code.packageVersion)}${manifest.code.gitCommit ? `, commit ${code(manifest.code.gitCommit)}` : ""}`,
    `- Prompt template hashes: SL-CAI ${code(manifest.templateHashes.slCai)}, labels ${code(manifest.templateHashes.labels)} (equal hashes, equal prompts)`,
    `- Run started ${markdownText(manifest.createdAt)}, finished ${markdownText(manifest.finishedAt)}`,
  ];
}

/** README.md of an export run: the YAML header between --- lines, then the provenance. */
export function datasetCard(manifest: ExportManifest, names: CardNames = NO_NAMES): string {
  const intro = [
    `# ${markdownText(manifest.exportName)}`,
    "",
    `Export run #${manifest.exportRunId} of export #${manifest.exportId}, written by CAI Studio as ${manifest.layout} rows in ${manifest.fileType} files. ${LAYOUT_DESCRIPTIONS[manifest.layout]}`,
    "",
    "The license is not chosen by the studio (`license: other` above): set the one the prompts and the models' outputs allow before publishing.",
  ];
  const sections = [
    intro,
    filesSection(manifest, dataFiles(manifest)),
    countsSection(manifest),
    constitutionsSection(manifest),
    judgesSection(manifest),
    filtersSection(manifest, names),
    codeSection(manifest),
  ];
  const body = sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join("\n"))
    .join("\n\n");
  return `---\n${toYaml(cardHeader(manifest))}---\n\n${body}\n`;
}
