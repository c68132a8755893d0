import { expect, test } from "@playwright/test";
import path from "node:path";
import { startHubStandIn, type HubStandIn } from "../test/hub-stand-in";
import { apiPost } from "./auth";
import { E2E_HUB_PORT, E2E_HUB_TOKEN } from "./hub";
import { datasetIdByName, importThroughBrowser, uniqueDataset } from "./helpers";

// An export run pushed to the Hugging Face Hub from its page: the stand-in Hub (test/hub-stand-in,
// the endpoints @huggingface/hub calls) that the e2e studio's HF_ENDPOINT points at receives the
// data file and the dataset card, and the page links to the dataset and the commit. A bad dataset
// name is named on its field before anything is queued.

let hub: HubStandIn;

test.beforeAll(async () => {
  hub = await startHubStandIn({ token: E2E_HUB_TOKEN, port: E2E_HUB_PORT });
});
test.afterAll(async () => {
  await hub?.close();
});

test("push a finished SFT export to a Hub dataset from its page: the card and the file arrive, the page links to them", async ({ page, baseURL }) => {
  const dataset = uniqueDataset("e2e-hub");
  await importThroughBrowser(page, path.join(import.meta.dirname, "fixtures/export-chains.jsonl"), dataset);
  const created = await apiPost(page.request, baseURL!, "/api/exports", {
    name: uniqueDataset("hub export"),
    layout: "SFT",
    fileType: "JSONL",
    definition: { datasetIds: [await datasetIdByName(dataset)] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const exportId = ((await created.json()) as { id: number }).id;
  expect((await apiPost(page.request, baseURL!, `/api/exports/${exportId}/runs`, {})).status()).toBe(201);

  await page.goto(`/exports/${exportId}`);
  const run = page.getByRole("listitem", { name: /^Export run \d+$/ });
  await expect(run.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(run).toContainText("README.md");
  const form = run.getByRole("form", { name: /^Push export run \d+ to the Hub$/ });
  await form.getByLabel("Hub dataset").fill("not a repo");
  await form.getByRole("button", { name: "Push to Hub" }).click();
  await expect(form).toContainText("namespace/name");
  expect(hub.requests).toEqual([]);

  const repo = `e2e-org/${dataset.toLowerCase()}`;
  await form.getByLabel("Hub dataset").fill(repo);
  await form.getByRole("button", { name: "Push to Hub" }).click();
  const pushed = run.getByRole("listitem", { name: `Push to ${repo}` });
  await expect(pushed).toContainText("pushed", { timeout: 60_000 });
  await expect(pushed.getByRole("link", { name: repo })).toHaveAttribute("href", `${hub.url}/datasets/${repo}`);
  await expect(pushed.getByRole("link", { name: /^commit / })).toBeVisible();

  const files = hub.repos.get(repo)!.files;
  expect([...files.keys()].sort()).toEqual(["README.md", "sft.jsonl"]);
  const card = files.get("README.md")!.toString("utf8");
  expect(card).toMatch(/^---\n/);
  expect(card).toContain("configs:");
  expect(card).toContain('path: "sft.jsonl"');
  expect(hub.unexpected).toEqual([]);
});
