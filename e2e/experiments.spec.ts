import { expect, test, type APIRequestContext } from "@playwright/test";
import path from "node:path";
import { startFakeLlmServer, type FakeLlmServer } from "../test/fake-llm";
import { critiquePairs, experimentReply, JUDGE_QUESTIONS, MARKER } from "../test/fake-llm/experiment-reply";
import { apiPost } from "./auth";
import { datasetIdByName, FIXTURES, importThroughBrowser, queryE2eDatabase, uniqueDataset } from "./helpers";

// The browser test: an experiment with two constitutions against a fake provider whose
// answers differ by constitution in a way the test controls (the gentle constitution's revisions
// carry a marker, and the fake judge prefers, by its log-probs, the answer that has it). The e2e
// studio's worker runs the arms, makes the pairs and judges them by itself; the report must name
// the gentle arm the winner of every prompt, with the interval and exact sign test that follow,
// and its links must lead to exactly those pairs and answers.

let fake: FakeLlmServer;

test.beforeAll(async () => {
  fake = await startFakeLlmServer({ reply: experimentReply });
});

test.afterAll(async () => {
  await fake?.close();
});

async function constitution(request: APIRequestContext, baseURL: string, name: string, content: Record<string, unknown>): Promise<number> {
  const created = await apiPost(request, baseURL, "/api/constitutions", { name });
  expect(created.status(), await created.text()).toBe(201);
  const { versionId } = (await created.json()) as { versionId: number };
  const saved = await request.put(`/api/constitutions/versions/${versionId}`, {
    data: { note: "e2e experiment", content: { critiqueRevision: [], preference: [], fewShots: [], ...content } },
    headers: { origin: new URL(baseURL).origin },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  return versionId;
}

test("an experiment of two constitutions names the gentler one the winner, with its interval and sign test, and links to its pairs", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const tag = uniqueDataset("e2e-experiment");
  const endpoint = await apiPost(page.request, baseURL!, "/api/endpoints", { name: `${tag}-model`, kind: "OPENAI_COMPATIBLE", baseUrl: `${fake.url}/v1`, model: "fake-model" });
  expect(endpoint.status(), await endpoint.text()).toBe(201);
  const endpointId = ((await endpoint.json()) as { id: number }).id;
  const plain = await constitution(page.request, baseURL!, `${tag} plain`, { critiqueRevision: critiquePairs(false) });
  const gentle = await constitution(page.request, baseURL!, `${tag} gentle`, { critiqueRevision: critiquePairs(true) });
  const judge = await constitution(page.request, baseURL!, `${tag} judge`, { preference: JUDGE_QUESTIONS.map((text, i) => ({ key: `judge${i}`, text })) });
  await importThroughBrowser(page, path.join(FIXTURES, "prompts.jsonl"), tag);
  const datasetId = await datasetIdByName(tag);

  // the list says what to do before there is anything in it for this test
  await page.goto("/experiments");
  await expect(page.getByRole("heading", { name: "Experiments", level: 1 })).toBeVisible();

  const name = `${tag} gentle vs plain`;
  const created = await apiPost(page.request, baseURL!, "/api/experiments", {
    name,
    datasetId,
    seed: 42,
    arms: [
      { name: "plain", endpointId, constitutionVersionId: plain, revisions: 1 },
      { name: "gentle", endpointId, constitutionVersionId: gentle, revisions: 1 },
    ],
    judge: { endpointId, constitutionVersionId: judge, principlesPerPair: 1 },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  const started = await apiPost(page.request, baseURL!, `/api/experiments/${id}/run`, {});
  expect(started.status(), await started.text()).toBe(200);

  // the list links to it; the worker takes it from arms to judging to done by itself
  await page.goto("/experiments");
  await page.getByRole("rowheader").getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/experiments/${id}$`));
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("done", { exact: true }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByText("5 prompts;")).toBeVisible();

  // gentle (the later arm) against plain: 5 wins of 5, an interval that cannot move, and the exact
  // two-sided sign test of 5 of 5, 2 x (1/2)^5
  const pairs = page.getByRole("table", { name: /^Each pair of arms/ });
  const row = pairs.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "gentle vs plain" }) });
  await expect(row).toHaveCount(1);
  const cells = row.getByRole("cell");
  await expect(cells.nth(0)).toHaveText("5 / 0 / 0");
  await expect(cells.nth(1)).toHaveText("0");
  await expect(cells.nth(2)).toHaveText("1.000 [1.000, 1.000]");
  await expect(cells.nth(3)).toHaveText((2 / 32).toPrecision(2));

  // the wins lead to exactly the five pairs, each one's gentle answer (response B) the marked one
  const [{ judgeRunId }] = await queryE2eDatabase<{ judgeRunId: number }>(`SELECT "judgeRunId" FROM "Experiment" WHERE id = $1`, [id]);
  const pairIds = (await queryE2eDatabase<{ comparisonId: number }>(`SELECT "comparisonId" FROM "ExperimentPair" WHERE "experimentId" = $1 ORDER BY 1`, [id])).map((r) => r.comparisonId);
  expect(pairIds).toHaveLength(5);
  await cells.nth(0).getByRole("link", { name: "5" }).click();
  await expect(page).toHaveURL(/\/comparisons\?/);
  await expect(page.getByTestId("comparison-total")).toHaveText("5 comparisons match these filters");
  const listed = await page
    .getByRole("table", { name: "Comparisons" })
    .locator('a[href^="/comparisons/"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
  expect([...new Set(listed.map((href) => Number(/\/comparisons\/(\d+)/.exec(href)![1])))].sort((a, b) => a - b)).toEqual(pairIds);
  const verdicts = await queryE2eDatabase<{ pA: number }>(`SELECT "pAUsed" AS "pA" FROM "AiVerdict" WHERE "runId" = $1 ORDER BY "comparisonId"`, [judgeRunId]);
  expect(verdicts).toHaveLength(5);
  for (const verdict of verdicts) expect(verdict.pA).toBeLessThan(0.5);
  const answers = await queryE2eDatabase<{ a: string; b: string }>(
    `SELECT ra.text AS a, rb.text AS b FROM "Comparison" c JOIN "Response" ra ON ra.id = c."responseAId" JOIN "Response" rb ON rb.id = c."responseBId" WHERE c.id = ANY($1)`,
    [pairIds],
  );
  for (const { a, b } of answers) {
    expect(a).not.toContain(MARKER);
    expect(b).toContain(MARKER);
  }

  // a prompt's arms side by side: the gentle answer is the marked one, the plain one is not
  await page.goto(`/experiments/${id}`);
  await page
    .getByText(/^Read side by side, gentle vs plain/)
    .getByRole("link")
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/experiments/${id}/prompts/\\d+$`));
  await expect(page.getByRole("heading", { name: /^Prompt \d+$/, level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "The judging run's verdict on each pair of arms" })).toContainText("gentle");
  await expect(page.getByText(MARKER, { exact: false }).first()).toBeVisible();
});
