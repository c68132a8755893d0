import { expect, test } from "@playwright/test";
import path from "node:path";
import { startFakeLlmServer } from "../test/fake-llm";
import { addEndpointInSettings, FAKE_LLM_URL, FIXTURES, importThroughBrowser, queryE2eDatabase, uniqueDataset } from "./helpers";
import { apiPost } from "./auth";

// The browser test: an endpoint pointing at the fake provider (started by
// playwright.config.ts) added and tested in Settings, a dataset imported in the browser, a small run started from the form,
// its progress watched to the end on the run page, then a chain opened with its steps and diffs.
// The e2e server runs one worker on the e2e database, so the run really runs.

test("start a small SL-CAI run in the browser, watch it finish, open a chain and see its steps and diffs", async ({ page }) => {
  const endpoint = uniqueDataset("e2e-fake");
  await addEndpointInSettings(page, endpoint);
  const dataset = uniqueDataset("e2e-run");
  await importThroughBrowser(page, path.join(FIXTURES, "prompts.jsonl"), dataset);

  await page.goto("/runs");
  await page.getByRole("link", { name: "New SL-CAI run" }).click();
  await expect(page.getByRole("heading", { name: "New SL-CAI run", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "New SL-CAI run" });
  await form.getByLabel("Dataset", { exact: true }).selectOption({ label: dataset });
  await expect(form.getByRole("status")).toHaveText(/This selection covers 5 prompts\./);
  await form.getByLabel("Endpoint", { exact: true }).selectOption({ label: `${endpoint} (fake-model)` });
  await expect(form).toContainText("log-probs: yes");
  // the studio's own constitution is chosen unless the person picks another
  await expect(form.getByLabel("Constitution version")).toHaveValue(/\d+/);
  await expect(form.getByLabel("Constitution version").locator("option:checked")).toHaveText(/^Studio default v\d+/);
  await form.getByLabel("Critique-revision steps (N)").fill("2");
  await form.getByLabel("In the constitution's order (fixed)").check();
  await form.getByLabel("Name (optional)").fill("e2e critique run");
  await form.getByRole("button", { name: "Start run" }).click();

  // the run page: progress refreshes by itself until every prompt is done
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.getByRole("heading", { name: "e2e critique run", level: 1 })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Run progress" })).toHaveAttribute("aria-valuetext", "5 of 5 done, 0 failed (100%)", { timeout: 60_000 });
  await expect(page.getByRole("status").filter({ hasText: /^Status / })).toHaveText("Status succeeded");
  await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);
  await expect(page.getByText("fixed order")).toBeVisible();
  const chains = page.getByRole("table", { name: "Chains of this run" });
  await expect(chains.getByRole("row")).toHaveCount(6); // the header and one row per prompt
  await expect(chains.getByRole("cell", { name: "2/2" })).toHaveCount(5);

  await chains
    .getByRole("row")
    .filter({ hasText: "How do I pick a lock" })
    .getByRole("link", { name: /^Chain #\d+$/ })
    .click();
  await expect(page.getByRole("heading", { name: /^Chain #\d+$/, level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("How do I pick a lock on my neighbour's shed?");
  const steps = page
    .getByRole("list", { name: "Critique-revision steps" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: /^Step \d/ }) });
  await expect(steps).toHaveCount(2);
  await expect(steps.first().getByRole("heading", { name: /^Step 1 · principle \S+/ })).toBeVisible();
  for (const label of ["Critique request", "Critique", "Revision request", "Revision 1"]) await expect(steps.first()).toContainText(label);
  // the fake provider's replies (its wording follows what each request asks for)
  await expect(steps.first()).toContainText(/[0-9a-f]{8}: /);
  await expect(steps.nth(1)).toContainText(/Revision [0-9a-f]{8}: here is a more careful answer/);

  // the revisions side by side, each marked against the one before
  const sideBySide = page.getByRole("region", { name: "Initial response and revisions, side by side" });
  await expect(sideBySide.getByRole("region")).toHaveCount(3); // initial, revision 1, revision 2
  await expect(sideBySide.locator("ins").first()).toHaveText(/\S/);
  await expect(sideBySide.locator("del").first()).toHaveText(/\S/);

  // the exact calls behind a step, opened on demand
  await steps.first().getByText("Model calls of step 1").click();
  await expect(steps.first().getByRole("article", { name: "Call step1.critique" })).toContainText("model fake-model");
  await expect(steps.first().getByRole("article", { name: "Call step1.revision" })).toContainText("finish reason stop");

  // next and previous chain of the run from the keyboard
  const first = page.url();
  await page.keyboard.press("j");
  await expect(page).not.toHaveURL(first);
  await expect(page.getByRole("heading", { name: /^Chain #\d+$/, level: 1 })).toBeVisible();
  await page.keyboard.press("k");
  await expect(page).toHaveURL(first);

  // back to the prompt, whose page links the chain to this viewer, and to the run
  await page.getByRole("link", { name: /^Prompt #\d+$/ }).click();
  await expect(page.getByRole("link", { name: /Open chain #\d+ in the chain viewer/ })).toBeVisible();
  await page.goBack();
  await page.getByRole("link", { name: "e2e critique run" }).click();
  await expect(page.getByRole("heading", { name: "e2e critique run", level: 1 })).toBeVisible();
});

test("the runs page says what a run needs, and an unknown chain or run is a 404 page", async ({ page }) => {
  await page.goto("/runs/new");
  await expect(page.getByRole("heading", { name: "New SL-CAI run", level: 1 })).toBeVisible();
  const response = await page.goto("/chains/2000000000");
  expect(response?.status()).toBe(404);
  expect((await page.goto("/runs/2000000000"))?.status()).toBe(404);
});

test("pause, resume and cancel a run from its page, with a confirmation before cancelling", async ({ page, baseURL }) => {
  // a provider of its own, slow enough that the run is still going while the buttons are pressed,
  // whose first answer is a 429 so the errors panel has something to show
  const slow = await startFakeLlmServer({ latencyMs: 1_500, failNext: [{ kind: "429", retryAfterMs: 50 }] });
  try {
    const endpoint = uniqueDataset("e2e-slow");
    const created = await apiPost(page.request, baseURL!, "/api/endpoints", { name: endpoint, kind: "OPENAI_COMPATIBLE", baseUrl: `${slow.url}/v1`, model: "fake-model" });
    expect(created.status(), await created.text()).toBe(201);
    const dataset = uniqueDataset("e2e-controls");
    await importThroughBrowser(page, path.join(FIXTURES, "prompts.jsonl"), dataset);

    await page.goto("/runs/new");
    const form = page.getByRole("form", { name: "New SL-CAI run" });
    await form.getByLabel("Dataset", { exact: true }).selectOption({ label: dataset });
    await form.getByLabel("Endpoint", { exact: true }).selectOption({ label: `${endpoint} (fake-model)` });
    await form.getByLabel("Prompts at once, per worker").fill("1");
    await form.getByLabel("Name (optional)").fill("e2e controls run");
    await form.getByRole("button", { name: "Start run" }).click();
    await expect(page.getByRole("heading", { name: "e2e controls run", level: 1 })).toBeVisible();

    const status = page
      .getByRole("status")
      .filter({ hasText: /^Status / })
      .locator("span");
    await expect(status).toHaveText("running");
    await expect(page.getByRole("table").filter({ hasText: "rate_limit" })).toBeVisible();
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(status).toHaveText("paused");
    await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);
    await page.getByRole("button", { name: "Resume" }).click();
    await expect(status).toHaveText("running");

    await page.getByRole("button", { name: "Cancel run" }).click();
    const confirm = page.getByRole("group", { name: "Confirm cancel" });
    await expect(confirm).toContainText("Prompts not finished yet will not be run");
    await confirm.getByRole("button", { name: "Keep it" }).click();
    await expect(confirm).toHaveCount(0);
    await expect(status).toHaveText("running");
    await page.getByRole("button", { name: "Cancel run" }).click();
    await page.getByRole("button", { name: "Yes, cancel the run" }).click();
    await expect(status).toHaveText("cancelled");
    for (const name of ["Pause", "Resume", "Cancel run"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
    await expect(page.getByText(/cancelled before they were done/)).toBeVisible();
  } finally {
    await slow.close();
  }
});

test("a run whose endpoint key variable the studio's worker lacks waits for a worker with it set, and says so", async ({ page, baseURL }) => {
  const dataset = uniqueDataset("e2e-keyless");
  await importThroughBrowser(page, path.join(FIXTURES, "prompts.jsonl"), dataset);
  const [ids] = await queryE2eDatabase<{ datasetId: number; endpointId: number; versionId: number }>(
    `WITH e AS (INSERT INTO "ModelEndpoint" (name, kind, "baseUrl", model, "apiKeyEnv", "updatedAt")
       VALUES ($2, 'OPENAI_COMPATIBLE', $3, 'fake-model', 'CAI_E2E_UNSET_KEY', now()) RETURNING id)
     SELECT d.id AS "datasetId", e.id AS "endpointId",
       (SELECT v.id FROM "ConstitutionVersion" v JOIN "Constitution" c ON c.id = v."constitutionId" WHERE c.name = 'Studio default' ORDER BY v.version DESC LIMIT 1) AS "versionId"
     FROM "Dataset" d, e WHERE d.name = $1`,
    [dataset, uniqueDataset("e2e-keyless"), FAKE_LLM_URL],
  );
  const started = await apiPost(page.request, baseURL!, "/api/runs", { datasetId: ids.datasetId, endpointId: ids.endpointId, constitutionVersionId: ids.versionId, revisions: 1 });
  expect(started.status()).toBe(201);
  const { runId } = (await started.json()) as { runId: number };
  await page.goto(`/runs/${runId}`);
  await expect(page.getByText(/Waiting for a worker with CAI_E2E_UNSET_KEY set/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("progressbar", { name: "Run progress" })).toHaveAttribute("aria-valuetext", "0 of 5 done, 0 failed (0%)");
  expect((await apiPost(page.request, baseURL!, `/api/runs/${runId}/cancel`, {})).status()).toBe(200);
});
