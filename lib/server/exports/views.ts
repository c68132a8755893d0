import "server-only";
import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import type { ExportDefinition } from "@/lib/schemas/exports";
import { prisma } from "../db";

// What the export pages show beside the engine's summaries (definitions.ts): the names behind a
// definition's ids, and the path parameters of the export routes.

/** /api/exports/[id]/..., /api/export-runs/[id]/... */
export const exportIdParamsSchema = z.object({ id });
/** /api/export-runs/[id]/files/[name]: a file name as the manifest lists it (checked against it by exportRunFile) */
export const exportFileParamsSchema = z.object({ id, name: z.string().min(1).max(200) });

export interface DefinitionNames {
  datasets: Map<number, string>;
  runs: Map<number, string>;
  version: string | null;
  endpoint: string | null;
}

/** The names behind a definition's ids, for showing it; an id whose row is gone has no name. */
export async function definitionNames(definition: ExportDefinition): Promise<DefinitionNames> {
  const [datasets, runs, version, endpoint] = await Promise.all([
    prisma.dataset.findMany({ where: { id: { in: definition.datasetIds } }, select: { id: true, name: true } }),
    prisma.run.findMany({ where: { id: { in: definition.runIds } }, select: { id: true, name: true } }),
    definition.constitutionVersionId
      ? prisma.constitutionVersion.findUnique({ where: { id: definition.constitutionVersionId }, select: { version: true, constitution: { select: { name: true } } } })
      : null,
    definition.endpointId ? prisma.modelEndpoint.findUnique({ where: { id: definition.endpointId }, select: { name: true, model: true } }) : null,
  ]);
  return {
    datasets: new Map(datasets.map((d) => [d.id, d.name])),
    runs: new Map(runs.map((r) => [r.id, r.name || `Run #${r.id}`])),
    version: version ? `${version.constitution.name} v${version.version}` : null,
    endpoint: endpoint ? `${endpoint.name} · ${endpoint.model}` : null,
  };
}
