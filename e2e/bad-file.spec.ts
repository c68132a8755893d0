import { expect, test } from "@playwright/test";
import { writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
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

test("a gzip bomb is refused within seconds naming the limit, and the studio keeps answering", async ({ page }, testInfo) => {
  // a 2.6 MB gzip that would expand to a gigabyte of JSON rows: gzip members of 1 MB of rows, repeated
  const rows = '{"prompt": "Tell me a joke."}\n'.repeat(Math.ceil((1024 * 1024) / 29));
  const member = gzipSync(Buffer.from(rows.slice(0, 1024 * 1024)), { level: 9 });
  const file = testInfo.outputPath("bomb.jsonl.gz");
  await writeFile(file, Buffer.concat(Array.from({ length: 1000 }, () => member)));

  const started = Date.now();
  await importThroughBrowser(page, file, uniqueDataset("e2e-bomb"));
  const failure = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Import failed: nothing was imported" }) });
  await expect(failure).toContainText("bomb.jsonl.gz: the file un-gzips to more than");
  await expect(failure).toContainText("CAI_IMPORT_MAX_GZIP_RATIO");
  expect(Date.now() - started).toBeLessThan(20_000);

  // the studio is still up, and the failure is in the import history
  await page.goto("/datasets");
  const failedRow = page.getByRole("region", { name: "Recent imports" }).getByRole("row").filter({ hasText: "bomb.jsonl.gz" });
  await expect(failedRow).toContainText("failed");
});
