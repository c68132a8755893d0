import "server-only";
import { randomInt } from "node:crypto";
import type { LabelRunConfig, LabelRunRequest } from "@/lib/schemas/labels";
import { UserError } from "../errors";
import { countSelection } from "../runs/count-selection";
import { startRun, type Selection } from "../runs/start";
import { checkRunTargets, mergedParams, requireRawCapable } from "../runs/targets";

// A labeling run: a feedback model judges each selected comparison under K preference principles,
// in one or both orders, and the verdict is read from its log-probs (or a declared fallback).

export async function createLabelRun(request: LabelRunRequest, userId?: string): Promise<{ runId: number; items: number }> {
  const { endpoint, version } = await checkRunTargets(request);
  if (version!.preference === 0) throw new UserError("constitutionVersionId: this version has no preference principles to judge with");
  if (request.principlesPerPair > version!.preference) {
    throw new UserError(`principlesPerPair: this version has ${version!.preference} preference principles, fewer than ${request.principlesPerPair}`);
  }
  const fewShotKind = request.chainOfThought ? "PREFERENCE_COT" : "PREFERENCE";
  if (request.fewShot && version!.fewShots[fewShotKind] === 0) {
    throw new UserError(`fewShot: this version has no ${request.chainOfThought ? "chain-of-thought " : ""}preference few-shot examples`);
  }
  if (request.method.kind === "logprobs" && (endpoint.kind === "ANTHROPIC" || endpoint.supportsLogprobs === false)) {
    throw new UserError(
      `method: endpoint "${endpoint.name}" returns no log-probs; choose the sampled or stated method (every label it makes says so)`,
    );
  }
  requireRawCapable(request.promptFormat, endpoint);
  const config: LabelRunConfig = {
    ...request,
    seed: request.seed ?? randomInt(2 ** 31 - 1),
    params: mergedParams(endpoint, request.params),
    endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model },
  };
  return startRun(
    { kind: "LABEL", name: request.name, datasetId: request.datasetId, endpointId: request.endpointId, constitutionVersionId: request.constitutionVersionId, config },
    pairSelection(request),
    userId,
  );
}

/** The endpoint matters only for "unjudged only" (pairs that endpoint has not judged). */
export async function countSelectedPairs(request: Pick<LabelRunRequest, "datasetId" | "pairs"> & { endpointId?: number }): Promise<number> {
  return countSelection(pairSelection(request));
}

/** The dataset's comparisons, narrowed by source, the run that made them, and judged or not. */
function pairSelection({ datasetId, pairs, endpointId }: Pick<LabelRunRequest, "datasetId" | "pairs"> & { endpointId?: number }): Selection {
  const params: unknown[] = [datasetId, pairs.source ?? null, pairs.pairRunId ?? null, pairs.unjudgedOnly && endpointId !== undefined, endpointId ?? null, pairs.limit ?? null];
  return {
    column: "comparisonId",
    params,
    empty: "No comparison of the dataset matches: make pairs first (Comparisons, Make pairs).",
    sql: (first) => {
      const at = (i: number) => `$${first + i}`;
      return `SELECT c.id FROM "Comparison" c JOIN "Prompt" p ON p.id = c."promptId"
        WHERE p."datasetId" = ${at(0)}
          AND (${at(1)}::"ComparisonSource" IS NULL OR c.source = ${at(1)}::"ComparisonSource")
          AND (${at(2)}::int IS NULL OR c."runId" = ${at(2)})
          AND (NOT ${at(3)}::boolean OR NOT EXISTS (SELECT 1 FROM "AiVerdict" v WHERE v."comparisonId" = c.id AND v."endpointId" = ${at(4)}))
        ORDER BY c.id LIMIT ${at(5)}`;
    },
  };
}
