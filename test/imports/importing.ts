import path from "node:path";
import { importFile, ImportFailedError } from "@/lib/server/imports/import-file";

// The import tests' way in: a file imported into a named dataset, and the error of one that fails.

export async function importInto(dataset: string, file: string, extra: Partial<Parameters<typeof importFile>[0]> = {}) {
  return importFile({ path: file, fileName: path.basename(file), dataset, ...extra });
}

/** The ImportFailedError the import ends with; any other outcome fails the test. */
export async function importFailure(promise: Promise<unknown>): Promise<ImportFailedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportFailedError) return error;
    throw error;
  }
  throw new Error("the import was expected to fail");
}
