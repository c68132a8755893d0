import { expect, type Page } from "@playwright/test";
import path from "node:path";
import { apiPost } from "./auth";
import { FAKE_LLM_URL, FIXTURES, importThroughBrowser, queryE2eDatabase, uniqueDataset } from "./helpers";

// What the review specs start from: the paper's chains imported through the browser, their
// initial-vs-final pairs, and a labeling run over them on the fake provider.

/** Three initial-vs-final pairs and a finished labeling run over them; answers the ids. */
export async function labeledPairs(page: Page, baseURL: string) {
  const dataset = uniqueDataset("e2e-review");
  await importThroughBrowser(page, path.join(FIXTURES, "sl-chains.jsonl"), dataset);
  const [{ id: datasetId }] = await queryE2eDatabase<{ id: number }>(`SELECT id FROM "Dataset" WHERE name = $1`, [dataset]);
  const pairs = await apiPost(page.request, baseURL, "/api/pairs", { mode: "chain", datasetId, points: "initial-final" });
  expect(await pairs.json()).toEqual({ created: 3, existing: 0, identical: 0 });
  const endpoint = await apiPost(page.request, baseURL, "/api/endpoints", { name: uniqueDataset("e2e-review-judge"), kind: "OPENAI_COMPATIBLE", baseUrl: FAKE_LLM_URL, model: "fake-model" });
  expect(endpoint.status(), await endpoint.text()).toBe(201);
  const [{ id: versionId }] = await queryE2eDatabase<{ id: number }>(
    `SELECT v.id FROM "ConstitutionVersion" v JOIN "Constitution" c ON c.id = v."constitutionId" WHERE c.name = 'Studio default' ORDER BY v.version DESC LIMIT 1`,
  );
  const runName = uniqueDataset("e2e review run");
  const run = await apiPost(page.request, baseURL, "/api/labels/runs", { name: runName, datasetId, endpointId: (await endpoint.json()).id, constitutionVersionId: versionId });
  expect(run.status(), await run.text()).toBe(201);
  const { runId } = (await run.json()) as { runId: number };
  await expect.poll(async () => (await queryE2eDatabase<{ status: string }>(`SELECT status::text FROM "Run" WHERE id = $1`, [runId]))[0].status, { timeout: 60_000 }).toBe("SUCCEEDED");
  // the queue's order for "all pairs" of a run: closest to an even verdict first, then by id
  const verdicts = await queryE2eDatabase<{ comparisonId: number; pAUsed: number }>(
    `SELECT "comparisonId", "pAUsed" FROM "AiVerdict" WHERE "runId" = $1 ORDER BY abs("pAUsed" - 0.5), "comparisonId"`,
    [runId],
  );
  expect(verdicts).toHaveLength(3);
  return { dataset, datasetId, runId, runName, verdicts };
}
