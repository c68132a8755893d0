import "server-only";
import type { ImportEvent, ImportSummary } from "@/lib/schemas/import";
import { describeError } from "../errors";
import { ImportFailedError, type ImportResult } from "./import-file";

// How an import's end is told to the browser: the summary of one that worked, the error event of
// one that did not. The import child process (scripts/import-child.ts) sends these.

/** The last event of a failed import: the user's message, or a generic one for a server fault. */
export function importErrorEvent(error: unknown): ImportEvent {
  const { message } = describeError(error);
  return { type: "error", message, importId: error instanceof ImportFailedError ? error.importId : undefined };
}

export function toImportSummary(result: ImportResult): ImportSummary {
  const stats = Object.fromEntries(Object.entries(result.stats).filter(([, value]) => value !== undefined)) as ImportSummary["stats"];
  const before = result.sameFileImportedBefore;
  return {
    importId: result.importId,
    kind: result.kind,
    format: result.format,
    dataset: result.dataset,
    constitution: result.constitution && {
      name: result.constitution.name,
      version: result.constitution.version,
      versionId: result.constitution.versionId,
      unchanged: result.constitution.unchanged,
    },
    stats,
    problems: { count: result.problems.count, items: result.problems.items },
    notices: { count: result.notices.count, items: result.notices.items },
    sameFileImportedBefore: before && { importId: before.importId, createdAt: before.createdAt.toISOString() },
    elapsedMs: result.elapsedMs,
  };
}
