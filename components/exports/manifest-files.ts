import type { ExportManifest, ManifestFile } from "@/lib/cai/exports/manifest";

/** The files a run's manifest lists, in its order; none while the run has no manifest. */
export function manifestFiles(manifest: unknown): ManifestFile[] {
  return (manifest as Pick<ExportManifest, "files"> | null)?.files ?? [];
}
