import "server-only";
import type { SamplingParams } from "@/lib/llm/types";
import { prisma } from "../db";
import { NotFoundError, UserError } from "../errors";

// What a run points at, checked before it starts: the dataset, the endpoint, the constitution
// version and what the version holds. Each refusal names the request field to fix.

export interface RunTargets {
  endpoint: { id: number; name: string; kind: "OPENAI_COMPATIBLE" | "ANTHROPIC"; model: string; params: SamplingParams; supportsLogprobs: boolean | null };
  version?: { critiqueRevision: number; preference: number; fewShots: Record<"CRITIQUE_REVISION" | "PREFERENCE" | "PREFERENCE_COT", number> };
}

export async function checkRunTargets(ids: { datasetId: number; endpointId: number; constitutionVersionId?: number }): Promise<RunTargets> {
  const [dataset, endpoint, principles, fewShots] = await Promise.all([
    prisma.dataset.findUnique({ where: { id: ids.datasetId }, select: { id: true } }),
    prisma.modelEndpoint.findUnique({ where: { id: ids.endpointId } }),
    ids.constitutionVersionId === undefined ? [] : prisma.principle.groupBy({ by: ["kind"], where: { versionId: ids.constitutionVersionId }, _count: true }),
    ids.constitutionVersionId === undefined ? [] : prisma.fewShotExample.groupBy({ by: ["kind"], where: { versionId: ids.constitutionVersionId }, _count: true }),
  ]);
  if (!dataset) throw NotFoundError.about("datasetId", `there is no dataset ${ids.datasetId}`);
  if (!endpoint) throw NotFoundError.about("endpointId", `there is no endpoint ${ids.endpointId}`);
  if (endpoint.kind === "SCORER") throw UserError.about("endpointId", `"${endpoint.name}" is a scoring endpoint: it scores responses and cannot write or judge them`);
  const targets: RunTargets = {
    endpoint: { ...endpoint, kind: endpoint.kind, params: (endpoint.params ?? {}) as SamplingParams },
  };
  if (ids.constitutionVersionId !== undefined) {
    const version = await prisma.constitutionVersion.findUnique({ where: { id: ids.constitutionVersionId }, select: { id: true } });
    if (!version) throw NotFoundError.about("constitutionVersionId", `there is no constitution version ${ids.constitutionVersionId}`);
    const count = (kind: string, rows: { kind: string; _count: number }[]) => rows.find((r) => r.kind === kind)?._count ?? 0;
    targets.version = {
      critiqueRevision: count("CRITIQUE_REVISION", principles),
      preference: count("PREFERENCE", principles),
      fewShots: {
        CRITIQUE_REVISION: count("CRITIQUE_REVISION", fewShots),
        PREFERENCE: count("PREFERENCE", fewShots),
        PREFERENCE_COT: count("PREFERENCE_COT", fewShots),
      },
    };
  }
  return targets;
}

export function requireRawCapable(promptFormat: "chat" | "raw", endpoint: RunTargets["endpoint"]): void {
  if (promptFormat === "raw" && endpoint.kind !== "OPENAI_COMPATIBLE") {
    throw UserError.about("promptFormat", "the raw Human:/Assistant: form needs an OpenAI-compatible completions endpoint");
  }
}

/** The endpoint's sampling parameters with the run's overrides on top: what the run records. */
export function mergedParams(endpoint: RunTargets["endpoint"], overrides: SamplingParams): SamplingParams {
  const { temperature, topP, maxTokens, stop } = endpoint.params;
  const base = Object.fromEntries(Object.entries({ temperature, topP, maxTokens, stop }).filter(([, v]) => v !== undefined));
  return { ...base, ...overrides };
}
