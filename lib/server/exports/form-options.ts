import "server-only";
import type { ModelEndpointOption } from "@/lib/schemas/endpoints";
import { prisma } from "../db";
import { listModelEndpointOptions } from "../endpoints/queries";

// What the export form offers in its pickers: datasets, the runs whose products an export can take
// (SL-CAI chains, labeling verdicts), constitution versions, model endpoints and the principle keys
// in use. Read once when the form's page renders.

export interface ExportFormOptions {
  datasets: { id: number; name: string }[];
  runs: { id: number; name: string; kind: "SL_CAI" | "LABEL"; dataset: string | null }[];
  versions: { id: number; constitutionName: string; version: number }[];
  endpoints: ModelEndpointOption[];
  /** distinct principle keys, with the kinds they are used as (critique-revision, preference) */
  principles: { key: string; kinds: string[] }[];
}

export async function exportFormOptions(): Promise<ExportFormOptions> {
  const [datasets, runs, versions, endpoints, principles] = await Promise.all([
    prisma.dataset.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    prisma.run.findMany({
      where: { kind: { in: ["SL_CAI", "LABEL"] } },
      orderBy: { id: "desc" },
      take: 500,
      select: { id: true, name: true, kind: true, dataset: { select: { name: true } } },
    }),
    prisma.constitutionVersion.findMany({
      orderBy: [{ constitution: { name: "asc" } }, { version: "desc" }],
      select: { id: true, version: true, constitution: { select: { name: true } } },
    }),
    listModelEndpointOptions(),
    prisma.principle.groupBy({ by: ["key", "kind"], orderBy: [{ key: "asc" }, { kind: "asc" }] }),
  ]);
  const kinds = new Map<string, string[]>();
  for (const p of principles) kinds.set(p.key, [...(kinds.get(p.key) ?? []), p.kind]);
  return {
    datasets,
    runs: runs.map((r) => ({ id: r.id, name: r.name, kind: r.kind as "SL_CAI" | "LABEL", dataset: r.dataset?.name ?? null })),
    versions: versions.map((v) => ({ id: v.id, constitutionName: v.constitution.name, version: v.version })),
    endpoints,
    principles: [...kinds].map(([key, k]) => ({ key, kinds: k })),
  };
}
