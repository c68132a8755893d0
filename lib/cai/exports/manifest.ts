import { createHash } from "node:crypto";
import type { ExportDefinition, ExportFileTypeName, ExportLayoutName } from "@/lib/schemas/exports";
import { labelInput, answerAfterReasoningInput, statedProbabilityInput } from "../label-prompts";
import { critiqueInput, initialInput, revisionInput, type StepContext } from "../sl-prompts";

// manifest.json: what an export run took and wrote, so a file found later says where it came from
// and can be checked (sha256 per file). Its files are the data files, then the dataset card
// (README.md, dataset-card.ts), which holds no rows.

/** The dataset card every run writes beside its data files: the Hub reads it as the dataset's page. */
export const DATASET_CARD_FILE = "README.md";

export interface ManifestFile {
  name: string;
  /** rows of a data file; absent for the dataset card */
  rows?: number;
  bytes: number;
  sha256: string;
}

/** A data file: one that holds rows (every listed file but the dataset card). */
export type ManifestDataFile = ManifestFile & { rows: number };

/** The model that judged pairs (PREFERENCE rows' judge_endpoint and judge_model). */
export interface ManifestJudge {
  endpoint: string | null;
  model: string | null;
}

export interface ManifestConstitution {
  id: number;
  constitution: string;
  version: number;
  contentHash: string;
}

export interface ExportManifest {
  format: "cai-studio-export";
  manifestVersion: 1;
  exportId: number;
  exportName: string;
  exportRunId: number;
  layout: ExportLayoutName;
  fileType: ExportFileTypeName;
  definition: ExportDefinition;
  counts: {
    /** rows the definition's SQL selected */
    selected: number;
    /** rows written (H4: per split pair, each selected row goes to one sft and one prefs file) */
    written: number;
    /** rows left out in the stream, by reason */
    leftOut: { evasive: number; phrase: number; tie: number };
  };
  /** the constitution versions the written rows were made under */
  constitutionVersions: ManifestConstitution[];
  /** PREFERENCE: the judges the written rows name (judge_endpoint, judge_model), each once; absent in older manifests */
  judges?: ManifestJudge[];
  /** sha256 of what the prompt templates make of a fixed example: equal hashes, equal templates */
  templateHashes: { slCai: string; labels: string };
  code: { gitCommit: string | null; packageVersion: string };
  createdBy: string;
  createdAt: string;
  finishedAt: string;
  files: ManifestFile[];
}

/** The manifest's data files, in its order: the dataset card left out. */
export function dataFiles(manifest: Pick<ExportManifest, "files">): ManifestDataFile[] {
  return manifest.files.filter((file): file is ManifestDataFile => file.name !== DATASET_CARD_FILE && file.rows !== undefined);
}

const EXAMPLE_TURNS = [{ role: "user" as const, content: "{question}" }];
const EXAMPLE_STEP: StepContext = {
  format: "chat",
  turns: EXAMPLE_TURNS,
  response: "{response}",
  principle: { critiqueRequest: "{critique request}", revisionRequest: "{revision request}" },
  fewShots: [],
};

const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/**
 * The SL-CAI and labeling templates (lib/cai/sl-prompts.ts, label-prompts.ts) rendered on one fixed
 * example in both prompt formats and hashed: a change to what a model is sent changes the hash; a
 * refactor that sends the same text does not.
 */
export function templateHashes(): ExportManifest["templateHashes"] {
  const sl = (["chat", "raw"] as const).map((format) => {
    const step = { ...EXAMPLE_STEP, format };
    return [initialInput(format, EXAMPLE_TURNS), critiqueInput(step), revisionInput(step, "{critique}")];
  });
  const labels = (["chat", "raw"] as const).flatMap((format) =>
    [false, true].map((chainOfThought) => {
      const q = { format, turns: EXAMPLE_TURNS, principle: "{principle}", first: "{first}", second: "{second}", chainOfThought, examples: [], cotExamples: [] };
      return [labelInput(q), answerAfterReasoningInput(q, "{reasoning}"), statedProbabilityInput(q, "{reasoning}")];
    }),
  );
  return { slCai: hash(sl), labels: hash(labels) };
}
