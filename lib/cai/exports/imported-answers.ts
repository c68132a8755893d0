import type { ExportDefinition } from "@/lib/schemas/exports";

// When an SFT export reads the answers that came with imported prompts (importedAnswers): the
// export query (lib/server/exports/query.ts), the form and the definition's summary ask the same.

/**
 * Asked for, and no filter that only a chain can meet: runs, endpoint, constitution version,
 * principles, a revision index. Revision "all" reads them as "final" does: a prompt without a
 * chain has one answer, its first and its last; an index names a step of a chain, which such a
 * prompt does not have.
 */
export function takesImportedAnswers(d: ExportDefinition): boolean {
  return (
    d.importedAnswers &&
    d.runIds.length === 0 &&
    d.endpointId === undefined &&
    d.constitutionVersionId === undefined &&
    d.principleKeys.length === 0 &&
    (d.revision === "final" || d.revision === "all")
  );
}
