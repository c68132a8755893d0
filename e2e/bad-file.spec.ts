import { expect, test } from "@playwright/test";
import { writeFile } from "node:fs/promises";
import { importThroughBrowser, uniqueDataset } from "./helpers";

test("a file with a malformed line fails with the file and line named, and imports nothing", async ({ page }, testInfo) => {
  const dataset = uniqueDataset("e2e-bad");
  const marker = `quokka${Date.now().toString(36)}`;
  const file = testInfo.outputPath("broken-prompts.jsonl");
  await writeFile(file, `{"prompt": "a fine first line about the ${marker}"}\n{"prompt": "the second line is cut off\n{"prompt": "third"}\n`);

  await importThroughBrowser(page, file, dataset);
  const failure = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Import failed: nothing was imported" }) });
  await expect(failure).toBeVisible();
  await expect(failure).toContainText("broken-prompts.jsonl, line 2");

  // neither the good first line nor anything else went in
  await page.goto(`/prompts?q=${marker}`);
  await expect(page.getByText(`No results for “${marker}”`)).toBeVisible();
  await page.goto("/datasets");
  const history = page.getByRole("region", { name: "Recent imports" });
  const failedRow = history.getByRole("row").filter({ hasText: "broken-prompts.jsonl" });
  await expect(failedRow).toContainText("failed");
  await expect(failedRow).toContainText("line 2");
  await expect(page.getByRole("rowheader", { name: dataset })).toHaveCount(0);
});
