import { expect, test } from "@playwright/test";
import path from "node:path";
import { FIXTURES, importSummary, importThroughBrowser, uniqueDataset } from "./helpers";

test("importing the same file twice says so the second time and adds no prompts", async ({ page }) => {
  const dataset = uniqueDataset("e2e-twice");
  const file = path.join(FIXTURES, "prompts.jsonl");

  await importThroughBrowser(page, file, dataset);
  const first = importSummary(page);
  await expect(first).toContainText("5 new prompts");
  const firstId = (await first.getByRole("heading").textContent())!.match(/#(\d+)/)![1];

  await importThroughBrowser(page, file, dataset);
  const second = importSummary(page);
  await expect(second).toContainText(`This file was imported before as import #${firstId}`);
  await expect(second).toContainText("5 already present");
  await expect(second).not.toContainText("new prompt");

  await page.goto("/datasets");
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: dataset }) });
  await expect(row.getByRole("cell").first()).toHaveText("5");
});
