import type { ExportManifest, ManifestFile } from "@/lib/cai/exports/manifest";
import { formatCount } from "@/components/ui/format";

// What the page reads of a finished run's manifest: its files, and its counts (a run's rowsWritten
// counts the rows selected, kept or not; the manifest says how many were written).

/** The files a run's manifest lists, in its order; none while the run has no manifest. */
export function manifestFiles(manifest: unknown): ManifestFile[] {
  return (manifest as Pick<ExportManifest, "files"> | null)?.files ?? [];
}

/** Rows selected, written and left out by reason; null while the run has no manifest. */
export function manifestCounts(manifest: unknown): ExportManifest["counts"] | null {
  return (manifest as Pick<ExportManifest, "counts"> | null)?.counts ?? null;
}

/** Rows a run wrote: the manifest's count once it has one, else the rows written so far. */
export function writtenRows(run: { manifest: unknown; rowsWritten: number }): number {
  return manifestCounts(run.manifest)?.written ?? run.rowsWritten;
}

/** "2 left out: 1 evasive, 1 tie", or "" when none was. */
export function describeLeftOut(counts: ExportManifest["counts"]): string {
  const reasons = Object.entries(counts.leftOut).filter(([, n]) => n > 0);
  const total = reasons.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return "";
  const words: Record<string, string> = { evasive: "evasive", phrase: "with a phrase", tie: "tie" };
  return `${formatCount(total)} left out: ${reasons.map(([reason, n]) => `${formatCount(n)} ${words[reason] ?? reason}`).join(", ")}`;
}
