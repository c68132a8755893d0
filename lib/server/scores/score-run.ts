import "server-only";
import type { ScoreRunConfig, ScoreRunRequest } from "@/lib/schemas/scores";
import { prisma } from "../db";
import { NotFoundError, UserError } from "../errors";
import { startRun, type Selection } from "../runs/start";

// Starting a scoring run: a SCORER endpoint scores every response of the dataset's chains (or of
// its pairs), one run item per prompt, on the same queue, workers, claims, retries and resume as
// every other run (lib/server/runs). Each score is stored as an ENDPOINT Score with the run's id,
// in the statement that stores its call (runs/worker/score-item.ts).

export async function createScoreRun(request: ScoreRunRequest, userId?: string): Promise<{ runId: number; items: number }> {
  const [dataset, endpoint, sourceRun] = await Promise.all([
    prisma.dataset.findUnique({ where: { id: request.datasetId }, select: { id: true } }),
    prisma.modelEndpoint.findUnique({ where: { id: request.endpointId } }),
    request.sourceRunId === undefined ? null : prisma.run.findUnique({ where: { id: request.sourceRunId }, select: { datasetId: true } }),
  ]);
  if (!dataset) throw new NotFoundError(`datasetId: there is no dataset ${request.datasetId}`);
  if (!endpoint) throw new NotFoundError(`endpointId: there is no endpoint ${request.endpointId}`);
  if (endpoint.kind !== "SCORER") throw new UserError(`endpointId: "${endpoint.name}" is not a scoring endpoint (add one of kind SCORER in Settings)`);
  if (request.sourceRunId !== undefined && sourceRun?.datasetId !== request.datasetId) {
    throw new UserError(`sourceRunId: there is no run ${request.sourceRunId} of this dataset`);
  }
  const params = (endpoint.params ?? {}) as { scoreFormat?: string };
  const config: ScoreRunConfig = {
    ...request,
    scoreName: request.scoreName ?? `pm:${endpoint.name}`,
    endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model, scoreFormat: params.scoreFormat ?? "vllm-pooling" },
  };
  return startRun(
    { kind: "SCORE", name: request.name, datasetId: request.datasetId, endpointId: request.endpointId, constitutionVersionId: null, config },
    scoredPrompts(request),
    userId,
  );
}

/** The prompts that have something to score: chains (of the source run), or pairs. */
function scoredPrompts(request: ScoreRunRequest): Selection {
  const chains = request.over === "chains";
  return {
    column: "promptId",
    params: [request.datasetId, request.sourceRunId ?? null],
    empty: chains ? "The dataset has no chains to score (run SL-CAI first, or score its pairs)." : "The dataset has no pairs to score (make pairs first).",
    sql: (first) => {
      const table = chains ? `"Chain"` : `"Comparison"`;
      return `SELECT p.id FROM "Prompt" p WHERE p."datasetId" = $${first}
                AND EXISTS (SELECT 1 FROM ${table} t WHERE t."promptId" = p.id AND ($${first + 1}::int IS NULL OR t."runId" = $${first + 1}))
              ORDER BY p.id`;
    },
  };
}
