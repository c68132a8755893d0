import { numberOrUndefined as number } from "@/components/ui/form-errors";
import { DEFAULT_BOILERPLATE, exportRequestSchema, type ExportDefinition, type ExportFileTypeName, type ExportLayoutName, type ExportRequest } from "@/lib/schemas/exports";

// The export form holds what the person typed, as text; this turns it into the request that
// exportRequestSchema parses (in the browser before sending, again on the server), and a saved
// definition back into the form's text for editing.

export interface ExportFormValues {
  name: string;
  layout: ExportLayoutName;
  fileType: ExportFileTypeName;
  datasetIds: string[];
  runIds: string[];
  constitutionVersionId: string;
  endpointId: string;
  principleKeys: string[];
  revisionMode: "final" | "all" | "index";
  revisionIndex: string;
  importedAnswers: boolean;
  minConfidence: string;
  humanReviewedOnly: boolean;
  humanWins: boolean;
  excludeFlips: boolean;
  excludeFlagged: boolean;
  excludeEvasive: boolean;
  /** one phrase a line */
  excludePhrases: string;
  testFraction: string;
  seed: string;
}

/** The form for a new export: the schema's defaults, and the paper's boilerplate as a suggested phrase to leave out. */
export function newExportValues(): ExportFormValues {
  const definition = exportRequestSchema.shape.definition.parse(undefined);
  return valuesOf({ name: "", layout: "SFT", fileType: "JSONL", definition: { ...definition, excludePhrases: DEFAULT_BOILERPLATE } });
}

/** A saved export as the form shows it, for editing. */
export function valuesOf(saved: ExportRequest): ExportFormValues {
  const d: ExportDefinition = saved.definition;
  return {
    name: saved.name,
    layout: saved.layout,
    fileType: saved.fileType,
    datasetIds: d.datasetIds.map(String),
    runIds: d.runIds.map(String),
    constitutionVersionId: d.constitutionVersionId ? String(d.constitutionVersionId) : "",
    endpointId: d.endpointId ? String(d.endpointId) : "",
    principleKeys: d.principleKeys,
    revisionMode: typeof d.revision === "number" ? "index" : d.revision,
    revisionIndex: typeof d.revision === "number" ? String(d.revision) : "",
    importedAnswers: d.importedAnswers,
    minConfidence: String(d.minConfidence),
    humanReviewedOnly: d.humanReviewedOnly,
    humanWins: d.humanWins,
    excludeFlips: d.excludeFlips,
    excludeFlagged: d.excludeFlagged,
    excludeEvasive: d.excludeEvasive,
    excludePhrases: d.excludePhrases.join("\n"),
    testFraction: String(d.testFraction),
    seed: String(d.seed),
  };
}

/** The request as the schema wants it (before defaults); the schema decides whether it is valid. */
export function toRequestInput(values: ExportFormValues): Record<string, unknown> {
  return {
    name: values.name,
    layout: values.layout,
    fileType: values.fileType,
    definition: toDefinitionInput(values),
  } satisfies Partial<Record<keyof ExportRequest, unknown>>;
}

export function toDefinitionInput(values: ExportFormValues): Record<string, unknown> {
  return {
    datasetIds: values.datasetIds.map(Number),
    runIds: values.runIds.map(Number),
    constitutionVersionId: number(values.constitutionVersionId),
    endpointId: number(values.endpointId),
    principleKeys: values.principleKeys,
    revision: values.revisionMode === "index" ? (number(values.revisionIndex) ?? Number.NaN) : values.revisionMode,
    importedAnswers: values.importedAnswers,
    minConfidence: number(values.minConfidence),
    humanReviewedOnly: values.humanReviewedOnly,
    humanWins: values.humanWins,
    excludeFlips: values.excludeFlips,
    excludeFlagged: values.excludeFlagged,
    excludeEvasive: values.excludeEvasive,
    excludePhrases: values.excludePhrases
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== ""),
    testFraction: number(values.testFraction),
    seed: number(values.seed),
  } satisfies Partial<Record<keyof ExportDefinition, unknown>>;
}

/** The request paths the form shows errors beside; anything else goes in the message above the button. */
export const FIELD_PATHS = [
  "name",
  "layout",
  "fileType",
  "definition.datasetIds",
  "definition.runIds",
  "definition.constitutionVersionId",
  "definition.endpointId",
  "definition.principleKeys",
  "definition.revision",
  "definition.minConfidence",
  "definition.excludePhrases",
  "definition.testFraction",
  "definition.seed",
] as const;
export type ExportFieldPath = (typeof FIELD_PATHS)[number];
