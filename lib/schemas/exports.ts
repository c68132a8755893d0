import { z } from "zod";
import { id } from "@/lib/schemas/ids";

// An export definition: what to take and how to write it. Parsed the same way by the browser form,
// POST /api/exports and the CLI, and stored as Export.definition (and copied into each ExportRun, so
// a run says exactly what it took). Every filter is optional: an empty definition takes everything
// its layout can use.

export const EXPORT_LAYOUTS = ["SFT", "PREFERENCE", "H4_CAI"] as const;
export type ExportLayoutName = (typeof EXPORT_LAYOUTS)[number];

export const EXPORT_FILE_TYPES = ["JSONL", "CSV", "PARQUET"] as const;
export type ExportFileTypeName = (typeof EXPORT_FILE_TYPES)[number];

/** the paper's example of boilerplate a preference model learns to reward */
export const DEFAULT_BOILERPLATE = ["you are valid, valued, and cared for"];

export const exportDefinitionSchema = z.object({
  /** prompts of these datasets (none: every dataset) */
  datasetIds: z.array(id).max(100).default([]),
  /**
   * runs whose products to take (none: every run and every import). SFT and H4 read the chains of
   * SL-CAI runs; PREFERENCE reads the verdicts of labeling runs; H4's prefs split reads both.
   */
  runIds: z.array(id).max(100).default([]),
  /** only chains made under this constitution version (SFT, H4) */
  constitutionVersionId: id.optional(),
  /** only runs on this endpoint: the SL-CAI model for chains, the judge for labels */
  endpointId: id.optional(),
  /** only chain steps / labels under these principle keys (none: any principle) */
  principleKeys: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
  /**
   * SFT and H4: which revision is the answer: "final" (the chain's last step; chains with no step
   * are left out), "all" (every step's revision, one row each: a chain of N steps gives N rows), or
   * an index (0 = the initial answer, 1..N the revisions; chains shorter than that are left out).
   * H4 rows pair a critique with its revision, so H4 takes "final", "all" or an index from 1.
   */
  revision: z.union([z.literal("final"), z.literal("all"), z.number().int().min(0).max(64)]).default("final"),
  /**
   * SFT only: also take the answer that came with an imported prompt (e.g. an imported SFT file),
   * for prompts that have no chain. Opt-in because an imported answer is also what a prompts file's
   * "response" column makes — the unrevised answer SL-CAI runs start from — so taking it by default
   * would put unrevised answers into training data. Read only when no chain-only filter is set
   * (runs, endpoint, constitution version, principles, a revision index).
   */
  importedAnswers: z.boolean().default(false),
  /** PREFERENCE: leave out pairs whose AI verdict is closer to 0.5 than this (|P(A) - 0.5| >= it) */
  minConfidence: z.number().min(0).max(0.5).default(0),
  /** PREFERENCE: only pairs a person has answered A, B or tie (current answers, not skip or flag) */
  humanReviewedOnly: z.boolean().default(false),
  /** PREFERENCE: where a person answered, their answer decides chosen/rejected (and the soft label) */
  humanWins: z.boolean().default(true),
  /** PREFERENCE: leave out pairs whose verdict has an order flip */
  excludeFlips: z.boolean().default(false),
  /** PREFERENCE: leave out pairs any person flagged (a current FLAG answer) */
  excludeFlagged: z.boolean().default(true),
  /** leave out rows whose answer (SFT) or chosen response (PREFERENCE) is an evasive refusal (lib/cai/charts/evasive.ts) */
  excludeEvasive: z.boolean().default(false),
  /** leave out rows whose answer / chosen response contains one of these phrases (case-insensitive) */
  excludePhrases: z.array(z.string().trim().min(3).max(300)).max(50).default([]),
  /** H4: share of prompts in the test splits, drawn reproducibly from the seed */
  testFraction: z.number().min(0).max(0.5).default(0.1),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
});
export type ExportDefinition = z.infer<typeof exportDefinitionSchema>;

export const exportRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    layout: z.enum(EXPORT_LAYOUTS),
    fileType: z.enum(EXPORT_FILE_TYPES),
    definition: exportDefinitionSchema.default(exportDefinitionSchema.parse({})),
  })
  .superRefine((request, context) => {
    if (request.layout === "H4_CAI" && request.definition.revision === 0) {
      context.addIssue({ code: "custom", path: ["definition", "revision"], message: 'H4 rows pair a critique with its revision: take "final", "all" or a revision from 1' });
    }
  });
export type ExportRequest = z.infer<typeof exportRequestSchema>;

/**
 * A Hugging Face Hub dataset repo, "namespace/name" (a user or organisation, then the dataset), as
 * the Hub allows them: letters, digits, "-", "_" and "." (no "--" or "..", not starting or ending
 * with "-" or ".", not ending in ".git"), up to 96 characters each.
 */
export const hubRepoSchema = z
  .string()
  .trim()
  .regex(
    /^(?!.*(?:--|\.\.))(?!.*\.git$)[A-Za-z0-9](?:[\w.-]{0,94}[A-Za-z0-9_])?\/[A-Za-z0-9](?:[\w.-]{0,94}[A-Za-z0-9_])?$/,
    'a Hub dataset is "namespace/name": letters, digits, "-", "_" and "." (no "--" or "..", not ending in ".git"), e.g. my-org/cai-sft',
  );

/** POST /api/export-runs/[id]/push: push a finished run's files to this dataset repo (made if missing). */
export const hubPushRequestSchema = z.object({
  repo: hubRepoSchema,
  /** visibility of a repo the push makes; an existing repo keeps its own */
  private: z.boolean().default(true),
});
export type HubPushRequest = z.infer<typeof hubPushRequestSchema>;
