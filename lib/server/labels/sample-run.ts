import "server-only";
import type { SampleRunRequest } from "@/lib/schemas/labels";
import { countSelection } from "../runs/count-selection";
import { promptSelection, startRun } from "../runs/start";
import { checkRunTargets, mergedParams, requireRawCapable } from "../runs/targets";

// A sampling run: two fresh answers of an endpoint per prompt, at a temperature above 0, stored as
// SAMPLE responses and made into one comparison pair per prompt.

export async function createSampleRun(request: SampleRunRequest, userId?: string): Promise<{ runId: number; items: number }> {
  const { endpoint } = await checkRunTargets(request);
  requireRawCapable(request.promptFormat, endpoint);
  const config = { ...request, params: mergedParams(endpoint, request.params), endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model } };
  return startRun(
    { kind: "SAMPLE", name: request.name, datasetId: request.datasetId, endpointId: request.endpointId, constitutionVersionId: null, config },
    promptSelection(request.datasetId, request.filter),
    userId,
  );
}

export async function countSampleRunPrompts(request: Pick<SampleRunRequest, "datasetId" | "filter">): Promise<number> {
  return countSelection(promptSelection(request.datasetId, request.filter));
}
