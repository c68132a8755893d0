import "server-only";
import { randomInt } from "node:crypto";
import type { SlRunConfig, SlRunRequest } from "@/lib/schemas/runs";
import { UserError } from "../errors";
import { countSelection } from "./count-selection";
import { promptSelection, startRun } from "./start";
import { checkRunTargets, mergedParams, requireRawCapable } from "./targets";

// Starting an SL-CAI run: check that everything it needs exists and fits together, record the
// exact settings (the seed drawn, the sampling parameters merged with the endpoint's), then start
// it with one item per selected prompt (start.ts).

const RAW_DEFAULT_MAX_TOKENS = 512;

export async function createSlRun(request: SlRunRequest, userId?: string): Promise<{ runId: number; items: number }> {
  const config = await checkedConfig(request);
  return startRun(
    { kind: "SL_CAI", name: request.name, datasetId: request.datasetId, endpointId: request.endpointId, constitutionVersionId: request.constitutionVersionId, config },
    promptSelection(request.datasetId, request.filter),
    userId,
  );
}

/** How many prompts a run with this request would cover (the form shows it before starting). */
export async function countSelectedPrompts(request: Pick<SlRunRequest, "datasetId" | "filter">): Promise<number> {
  return countSelection(promptSelection(request.datasetId, request.filter));
}

async function checkedConfig(request: SlRunRequest): Promise<SlRunConfig> {
  const { endpoint, version } = await checkRunTargets(request);
  if (version!.critiqueRevision === 0) {
    throw new UserError("constitutionVersionId: this version has no critique-revision principles to critique and revise with");
  }
  if (request.fewShot && version!.fewShots.CRITIQUE_REVISION === 0) {
    throw new UserError("fewShot: this constitution version has no critique-revision few-shot examples");
  }
  requireRawCapable(request.promptFormat, endpoint);
  const params = mergedParams(endpoint, request.params);
  // completion servers stop after 16 tokens unless told otherwise; a revision needs room
  if (request.promptFormat === "raw") params.maxTokens ??= RAW_DEFAULT_MAX_TOKENS;
  return {
    ...request,
    sampling: request.sampling.mode === "uniform" ? { mode: "uniform", seed: request.sampling.seed ?? randomInt(2 ** 31 - 1) } : request.sampling,
    params,
    endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model },
  };
}
